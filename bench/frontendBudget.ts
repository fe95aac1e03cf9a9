/**
 * The frontend plugin's production weight: bundles plugins/codepipeline the way
 * an app would (minified, tree-shaken, every lazy chunk included), with what
 * every Backstage app already ships — React, Material UI, @backstage/* — left
 * external, and reports the gzipped size. Fails if any @aws-sdk module is in it.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

export async function measureFrontendBundle() {
  const root = join(__dirname, '..');
  const result = await build({
    entryPoints: [join(root, 'plugins/codepipeline/src/index.ts')],
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    outdir: join(root, 'bench/.bundle'),
    metafile: true,
    jsx: 'automatic',
    logLevel: 'silent',
    external: [
      'react',
      'react-dom',
      'react/*',
      'react-router',
      'react-router-dom',
      '@material-ui/*',
      '@backstage/*',
    ],
  });
  const inputs = Object.keys(result.metafile.inputs);
  const awsModules = inputs.filter(input => input.includes('@aws-sdk/'));
  const bytes = result.outputFiles.reduce(
    (sum, file) => sum + file.contents.length,
    0,
  );
  const gzipped = result.outputFiles.reduce(
    (sum, file) => sum + gzipSync(file.contents).length,
    0,
  );
  return {
    files: result.outputFiles.length,
    bytes,
    gzippedBytes: gzipped,
    modules: inputs.length,
    awsSdkModules: awsModules.length,
  };
}
