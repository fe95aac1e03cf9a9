export { DoraBandBadge, DoraMetricList } from './DoraMetricList';
