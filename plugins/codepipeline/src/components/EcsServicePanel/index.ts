export { EcsServicePanel } from './EcsServicePanel';
