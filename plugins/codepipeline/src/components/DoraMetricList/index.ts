export { DoraBandChip, DoraMetricList } from './DoraMetricList';
