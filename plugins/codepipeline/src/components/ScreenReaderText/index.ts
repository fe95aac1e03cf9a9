export { ScreenReaderText } from './ScreenReaderText';
