export { StatusLabel, statusTone, humanizeStatus } from './StatusLabel';
export type { StatusTone } from './StatusLabel';
