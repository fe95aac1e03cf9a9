import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { listFiles } from './render';
import { SKELETON_DIR, TEMPLATE_FILE } from './paths';

export async function loadTemplate(): Promise<any> {
  return parseYaml(await fs.readFile(TEMPLATE_FILE, 'utf8'));
}

/** The skeleton as the template editor sends it: paths relative to template.yaml, base64. */
export async function skeletonDirectoryContents() {
  const files = await listFiles(SKELETON_DIR);
  return Promise.all(
    files.map(async file => ({
      path: `skeleton/${file}`,
      base64Content: (
        await fs.readFile(path.join(SKELETON_DIR, file))
      ).toString('base64'),
    })),
  );
}
