export { EcsTaskList } from './EcsTaskList';
