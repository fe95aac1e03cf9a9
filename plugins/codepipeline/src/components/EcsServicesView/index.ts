export { EcsServicesView } from './EcsServicesView';
