export { FleetDoraByOwner } from './FleetDoraByOwner';
