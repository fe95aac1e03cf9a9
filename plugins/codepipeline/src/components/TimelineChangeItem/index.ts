export { describeCommit, TimelineChangeItem } from './TimelineChangeItem';
