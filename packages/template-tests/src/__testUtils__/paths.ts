import path from 'node:path';

export {
  REPO_ROOT,
  SKELETON_DIR,
  TEMPLATE_DIR,
  TEMPLATE_FILE,
} from 'local-world/testing';
/** Lists every resource kind a Slipway run creates in the local world, with boto3. */
export const INVENTORY_PY = path.join(__dirname, 'inventory.py');
