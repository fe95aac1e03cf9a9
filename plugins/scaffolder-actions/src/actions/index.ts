import type { SlipwayActionDeps } from './deps';
import { createEcrCreateRepositoryAction } from './ecr-create-repository';

/** Every `slipway:*` action, ready to register with the scaffolder. */
export function createSlipwayActions(deps: SlipwayActionDeps) {
  return [createEcrCreateRepositoryAction(deps)];
}
