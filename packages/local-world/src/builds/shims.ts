import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The `docker` a build finds on its PATH: there is no Docker engine here, so
 * `build` records the tags (and a digest of the Dockerfile and the commit),
 * `push` registers the image in the emulated ECR with PutImage (a Docker v2
 * schema 2 manifest, deterministic for a Dockerfile and commit), and `login`
 * succeeds. Plain Node, no dependencies: it runs outside the workspace.
 */
const DOCKER_SHIM = String.raw`
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const state = process.env.SLIPWAY_LOCAL_WORLD_STATE;
const imagesFile = path.join(state, 'docker-images.json');
const say = text => process.stdout.write(text + '\n');
const fail = text => {
  process.stderr.write('(local world) docker: ' + text + '\n');
  process.exit(1);
};
const readImages = () => {
  try {
    return JSON.parse(fs.readFileSync(imagesFile, 'utf8'));
  } catch {
    return {};
  }
};
const writeImages = images =>
  fs.writeFileSync(imagesFile, JSON.stringify(images, null, 2));
const sha256 = data =>
  'sha256:' + crypto.createHash('sha256').update(data).digest('hex');
const withTag = ref => (/:[^/]+$/.test(ref) ? ref : ref + ':latest');

const [command, ...args] = process.argv.slice(2);

function build(argv) {
  const tags = [];
  const buildArgs = {};
  let file;
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [flag, inline] =
      arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '-t' || flag === '--tag') tags.push(value());
    else if (flag === '-f' || flag === '--file') file = value();
    else if (flag === '--build-arg') {
      const pair = value();
      const at = pair.indexOf('=');
      if (at > 0) buildArgs[pair.slice(0, at)] = pair.slice(at + 1);
    } else if (['--platform', '--target', '--label', '--cache-from', '--network', '--progress', '--secret', '--ssh', '--output', '-o'].includes(flag)) value();
    else if (flag.startsWith('-')) continue;
    else positional.push(arg);
  }
  const context = path.resolve(positional[0] || '.');
  const dockerfile = path.resolve(context, file || 'Dockerfile');
  let text;
  try {
    text = fs.readFileSync(dockerfile, 'utf8');
  } catch {
    fail('no Dockerfile at ' + dockerfile);
  }
  const commit = process.env.CODEBUILD_RESOLVED_SOURCE_VERSION || '';
  const seed = JSON.stringify({ dockerfile: text, commit, buildArgs });
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Labels: { 'slipway.local-world': 'true', 'slipway.commit': commit } },
    rootfs: { type: 'layers', diff_ids: [sha256(seed + ':layer')] },
    history: [{ created_by: 'slipway local world (no Docker engine)' }],
  });
  const image = { configDigest: sha256(seed + ':config'), configSize: Buffer.byteLength(config), layerDigest: sha256(seed + ':layer'), dockerfile, buildArgs };
  const images = readImages();
  for (const tag of tags) images[withTag(tag)] = image;
  writeImages(images);
  say('(local world) no Docker engine: docker build not run; recorded ' + (tags.length ? tags.map(withTag).join(', ') : 'an untagged image') + ' from ' + path.relative(process.cwd(), dockerfile || '.') + ' (Dockerfile and commit ' + (commit || '(none)').slice(0, 12) + ')');
}

function manifestOf(image) {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: image.configSize, digest: image.configDigest },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 0, digest: image.layerDigest }],
  });
}

async function push(ref) {
  if (!ref) fail('"docker push" requires 1 argument');
  const full = withTag(ref);
  const image = readImages()[full];
  if (!image) fail('An image does not exist locally with the tag: ' + ref);
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(.+):([^:/]+)$/.exec(full);
  if (!match) fail('only ECR repositories (<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>) are emulated, not ' + full);
  const [, account, region, repositoryName, tag] = match;
  const endpoint = process.env.AWS_ENDPOINT_URL_ECR || process.env.AWS_ENDPOINT_URL;
  if (!endpoint) fail('AWS_ENDPOINT_URL is not set: no emulated ECR to register ' + full + ' in');
  const manifest = manifestOf(image);
  const ecr = (target, body) =>
    fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.' + target,
        authorization: 'AWS4-HMAC-SHA256 Credential=' + (process.env.AWS_ACCESS_KEY_ID || 'testing') + '/20250101/' + region + '/ecr/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify(body),
    })
      .then(async response => {
        const text = await response.text();
        let parsed = {};
        try {
          parsed = JSON.parse(text);
        } catch {}
        return { ok: response.ok, status: response.status, text, parsed };
      })
      .catch(error => fail('the emulated ECR at ' + endpoint + ' did not answer: ' + error.message));
  const put = await ecr('PutImage', { registryId: account, repositoryName, imageTag: tag, imageManifest: manifest, imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json' });
  if (!put.ok) {
    const type = String(put.parsed.__type || '').split('#').pop();
    // The same image under the same tag (a rebuild of the same commit): nothing to push.
    if (type !== 'ImageAlreadyExistsException') {
      fail('PutImage ' + full + ' failed: ' + (type ? type + ': ' + (put.parsed.message || put.parsed.Message || '') : 'HTTP ' + put.status + ' ' + put.text.slice(0, 300)));
    }
  }
  const described = await ecr('DescribeImages', { registryId: account, repositoryName, imageIds: [{ imageTag: tag }] });
  const digest = ((described.parsed.imageDetails || [])[0] || {}).imageDigest || sha256(manifest);
  say('The push refers to repository [' + full.slice(0, full.lastIndexOf(':')) + ']');
  say('(local world) no Docker engine: registered ' + full + ' in the emulated ECR instead of pushing an image');
  say(tag + ': digest: ' + digest + ' size: ' + Buffer.byteLength(manifest));
  const pushed = path.join(state, 'pushed-images.jsonl');
  fs.appendFileSync(pushed, JSON.stringify({ uri: full, repositoryName, tag, digest }) + '\n');
}

(async () => {
  switch (command) {
    case 'build':
      return build(args);
    case 'buildx':
      if (args[0] === 'build') return build(args.slice(1));
      return fail('buildx ' + (args[0] || '') + ' is not emulated');
    case 'tag': {
      const images = readImages();
      const source = images[withTag(args[0] || '')];
      if (!source) fail('No such image: ' + args[0]);
      images[withTag(args[1] || '')] = source;
      writeImages(images);
      return;
    }
    case 'push':
      return push(args.filter(a => !a.startsWith('-'))[0]);
    case 'login':
      if (args.includes('--password-stdin')) {
        try { fs.readFileSync(0); } catch {}
      }
      return say('(local world) docker login: nothing to log in to; Login Succeeded');
    case 'logout':
      return say('(local world) docker logout: nothing to do');
    case 'version':
    case '--version':
      return say('Docker version 0.0.0-local-world (a shim: no Docker engine)');
    case 'info':
      return say('(local world) no Docker engine: build, tag, push and login are emulated');
    default:
      return fail((command || '(no command)') + ' is not emulated (no Docker engine here); build, tag, push and login are');
  }
})().catch(error => fail(error.stack || String(error)));
`;

/**
 * The `aws` a build finds on its PATH: `aws ecr get-login-password` prints a
 * placeholder (the emulated ECR needs no login); every other command goes to
 * the machine's AWS CLI, if there is one, with the build's endpoint and
 * placeholder credentials (so it only ever reaches the local world).
 */
function awsShim(realAws: string | undefined): string {
  const passThrough = realAws
    ? `exec ${JSON.stringify(realAws)} "$@"`
    : `echo "(local world) aws: there is no AWS CLI on this machine (only 'aws ecr get-login-password' is emulated)" >&2; exit 127`;
  return `#!/usr/bin/env bash
for arg in "$@"; do
  if [ "$arg" = "get-login-password" ]; then
    echo "local-world-placeholder-ecr-password"
    exit 0
  fi
done
${passThrough}
`;
}

/** Writes `docker` and `aws` into `binDir` (the front of the build's PATH). */
export async function writeShims(
  binDir: string,
  options: { nodePath: string; realAws?: string },
): Promise<void> {
  await fs.mkdir(binDir, { recursive: true });
  const dockerJs = path.join(binDir, '.docker-shim.js');
  await fs.writeFile(dockerJs, DOCKER_SHIM);
  await fs.writeFile(
    path.join(binDir, 'docker'),
    `#!/bin/sh\nexec ${JSON.stringify(options.nodePath)} ${JSON.stringify(
      dockerJs,
    )} "$@"\n`,
    { mode: 0o755 },
  );
  await fs.writeFile(path.join(binDir, 'aws'), awsShim(options.realAws), {
    mode: 0o755,
  });
}
