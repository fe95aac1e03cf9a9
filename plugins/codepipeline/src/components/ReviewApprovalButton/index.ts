export { ReviewApprovalButton } from './ReviewApprovalButton';
