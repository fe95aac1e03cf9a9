export { EcsDeploymentList } from './EcsDeploymentList';
