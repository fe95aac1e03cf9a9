/**
 * Test helpers (`local-world/testing`): the Flask template rendered with the
 * scaffolder's real fetch:template, and its form; a git server alone. Not in
 * the main entry: they load the scaffolder backend.
 */
export { startGitWorld } from '../git/testing';
export {
  listFiles,
  renderSkeleton,
  REPO_ROOT,
  SKELETON_DIR,
  TEMPLATE_DIR,
  TEMPLATE_FILE,
} from './render';
export {
  ACCOUNT,
  REGION,
  actionOutputs,
  defaultForm,
  skeletonValues,
  type FormInput,
  type Routing,
} from './flaskForm';
