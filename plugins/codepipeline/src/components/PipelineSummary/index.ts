export {
  PipelineSummary,
  CommitLink,
  describeTrigger,
} from './PipelineSummary';
