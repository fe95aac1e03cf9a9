export { TransitionToggleButton } from './TransitionToggleButton';
