/**
 * Scaffolder actions that provision a service's AWS delivery path.
 *
 * @packageDocumentation
 */
export { slipwayScaffolderModule as default } from './module';
