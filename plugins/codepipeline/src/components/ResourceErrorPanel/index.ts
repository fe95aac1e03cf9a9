export { ResourceErrorPanel } from './ResourceErrorPanel';
