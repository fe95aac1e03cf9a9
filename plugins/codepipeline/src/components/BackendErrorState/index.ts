export { BackendErrorState } from './BackendErrorState';
