export { AnnotatedResourcesCard } from './AnnotatedResourcesCard';
