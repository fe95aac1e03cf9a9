export { FleetLoadProgress } from './FleetLoadProgress';
