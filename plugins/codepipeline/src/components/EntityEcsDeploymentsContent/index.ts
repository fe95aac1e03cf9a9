export { EntityEcsDeploymentsContent } from './EntityEcsDeploymentsContent';
