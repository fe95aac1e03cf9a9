export { EcsEventList } from './EcsEventList';
