export {
  StatusLabel,
  statusTone,
  humanizeStatus,
  toneColor,
} from './StatusLabel';
export type { StatusTone } from './StatusLabel';
