export { EntityEcsDeploymentsCard } from './EntityEcsDeploymentsCard';
