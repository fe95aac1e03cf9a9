export { SlipwayCard } from './SlipwayCard';
export type { SlipwayCardProps } from './SlipwayCard';
export { QueryCard } from './QueryCard';
export type { QueryCardProps } from './QueryCard';
