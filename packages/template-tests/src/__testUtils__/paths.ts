import path from 'node:path';

/** The monorepo root (this package lives in packages/template-tests). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const TEMPLATE_DIR = path.join(REPO_ROOT, 'templates/flask-ecs-service');
export const TEMPLATE_FILE = path.join(TEMPLATE_DIR, 'template.yaml');
export const SKELETON_DIR = path.join(TEMPLATE_DIR, 'skeleton');
export const MOTO_LAUNCHER = path.join(REPO_ROOT, 'scripts/demo/moto.js');
export const PLATFORM_PY = path.join(
  REPO_ROOT,
  'scripts/demo/moto_platform.py',
);
/** Lists every resource kind a Slipway run creates in moto, with boto3. */
export const INVENTORY_PY = path.join(__dirname, 'inventory.py');
/** A `moto_server` with the CodeDeploy deletes moto 5.2.1 lacks (test setup only). */
export const MOTO_SHIM_DIR = path.join(__dirname, 'motoShim');
