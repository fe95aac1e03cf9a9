export { BlueGreenDeploymentPanel } from './BlueGreenDeploymentPanel';
