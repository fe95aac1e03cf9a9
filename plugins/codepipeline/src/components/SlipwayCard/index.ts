export { SlipwayCard } from './SlipwayCard';
export type { SlipwayCardProps } from './SlipwayCard';
