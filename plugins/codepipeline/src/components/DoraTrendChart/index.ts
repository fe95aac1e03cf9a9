export { describeTrend, DoraTrendChart } from './DoraTrendChart';
