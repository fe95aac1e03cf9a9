export { EntityDoraMetricsCard } from './EntityDoraMetricsCard';
