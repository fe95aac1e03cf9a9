import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The monorepo root (this package is packages/local-world). */
export const REPO_ROOT = resolvePackagePath('local-world', '../..');
export const TEMPLATE_DIR = path.join(REPO_ROOT, 'templates/flask-ecs-service');
export const TEMPLATE_FILE = path.join(TEMPLATE_DIR, 'template.yaml');
export const SKELETON_DIR = path.join(TEMPLATE_DIR, 'skeleton');

/**
 * Renders the Flask template's skeleton into `workspace` with the
 * scaffolder's real fetch:template action, exactly as the template's `fetch`
 * step calls it.
 */
export async function renderSkeleton(
  workspace: string,
  values: Record<string, any>,
): Promise<void> {
  const config = new ConfigReader({});
  // A root logger, not logger.mock(): this also runs outside jest (npm start's provisioning).
  const logger = mockServices.rootLogger({ level: 'none' });
  const fetchTemplate = createFetchTemplateAction({
    reader: UrlReaders.default({ config, logger }),
    integrations: ScmIntegrations.fromConfig(config),
  });
  await fs.mkdir(workspace, { recursive: true });
  // The real scaffolder fetches the skeleton into a temporary directory
  // outside the workspace.
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-fetch-'));
  try {
    await fetchTemplate.handler({
      input: { url: './skeleton', values: JSON.parse(JSON.stringify(values)) },
      workspacePath: workspace,
      logger,
      templateInfo: {
        entityRef: 'template:default/flask-ecs-service',
        baseUrl: pathToFileURL(TEMPLATE_FILE).toString(),
      },
      createTemporaryDirectory: async () => scratch,
    } as any);
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** Every file of a rendered tree, relative, sorted (without the venv). */
export async function listFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (['.venv', 'reports', '__pycache__'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full, base)));
    else files.push(path.relative(base, full));
  }
  return files.sort();
}
