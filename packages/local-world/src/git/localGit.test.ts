import fs from 'node:fs/promises';
import path from 'node:path';
import type { LocalWorldServer } from '../server/handler';
import type { LocalGit } from './localGit';
import { BadNameError } from './names';
import type { PushEvent } from './route';
import { commitFiles, gitCli, startGitWorld, writeFiles } from './testing';

const serviceFiles = {
  'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: orders\n',
  'app/main.py': 'print("hello")\n',
  'buildspec.yml': 'version: 0.2\n',
};

describe('the local git server', () => {
  let work: string;
  let git: LocalGit;
  let world: LocalWorldServer;
  let pushes: PushEvent[];
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ work, git, world, pushes, close } = await startGitWorld(
      'local-git-test-',
    ));
  });

  afterAll(() => close?.());

  const remote = (id: string) => `${world.url}/git/${id}.git`;

  it('creates a repository on the first push, then clones, fetches and takes pushes over HTTP', async () => {
    const first = await commitFiles(
      path.join(work, 'orders-dev'),
      serviceFiles,
      'Initial commit',
    );
    await gitCli(
      path.join(work, 'orders-dev'),
      'push',
      '--quiet',
      remote('acme/orders'),
      'main',
    );
    await git.settled();
    expect(pushes).toEqual([
      {
        repository: { owner: 'acme', repo: 'orders' },
        fullRepositoryId: 'acme/orders',
        ref: 'refs/heads/main',
        branch: 'main',
        before: undefined,
        after: first,
      },
    ]);

    const clone = path.join(work, 'orders-clone');
    await gitCli(work, 'clone', '--quiet', remote('acme/orders'), clone);
    expect(await gitCli(clone, 'rev-parse', 'HEAD')).toBe(first);
    expect(
      await fs.readFile(path.join(clone, 'catalog-info.yaml'), 'utf8'),
    ).toBe(serviceFiles['catalog-info.yaml']);

    await writeFiles(clone, { 'app/main.py': 'print("changed")\n' });
    await gitCli(clone, 'commit', '--quiet', '-am', 'Change the greeting');
    const second = await gitCli(clone, 'rev-parse', 'HEAD');
    await gitCli(clone, 'push', '--quiet', 'origin', 'main');
    await gitCli(clone, 'push', '--quiet', 'origin', 'main:feature/x');
    await git.settled();
    expect(pushes.slice(1)).toEqual([
      expect.objectContaining({ branch: 'main', before: first, after: second }),
      expect.objectContaining({
        ref: 'refs/heads/feature/x',
        branch: 'feature/x',
        before: undefined,
        after: second,
      }),
    ]);

    await gitCli(
      path.join(work, 'orders-dev'),
      'pull',
      '--quiet',
      '--ff-only',
      remote('acme/orders'),
      'main',
    );
    expect(
      await gitCli(path.join(work, 'orders-dev'), 'rev-parse', 'HEAD'),
    ).toBe(second);
  });

  it('serves raw files by branch, tag or commit, and folders as listings', async () => {
    const head = await gitCli(
      path.join(work, 'orders-clone'),
      'rev-parse',
      'HEAD',
    );
    const main = await fetch(
      `${world.url}/git/acme/orders/raw/main/catalog-info.yaml`,
    );
    expect(main.status).toBe(200);
    expect(await main.text()).toBe(serviceFiles['catalog-info.yaml']);

    const branchWithSlash = await fetch(
      `${world.url}/git/acme/orders/raw/feature/x/app/main.py`,
    );
    expect(await branchWithSlash.text()).toBe('print("changed")\n');

    const first = pushes[0].after;
    const old = await fetch(
      `${world.url}/git/acme/orders/raw/${first}/app/main.py`,
    );
    expect(await old.text()).toBe('print("hello")\n');

    const folder = await fetch(`${world.url}/git/acme/orders/raw/${head}/`);
    expect((await folder.text()).split('\n')).toEqual(
      expect.arrayContaining(['app/', 'buildspec.yml', 'catalog-info.yaml']),
    );

    for (const missing of [
      'raw/main/nothing.txt',
      'raw/no-such-branch/catalog-info.yaml',
    ]) {
      const response = await fetch(`${world.url}/git/acme/orders/${missing}`);
      expect(response.status).toBe(404);
    }
    expect(
      (await fetch(`${world.url}/git/acme/missing/raw/main/x`)).status,
    ).toBe(404);
  });

  it('shows plain pages for a browser: the repository, a commit, the list', async () => {
    const page = await fetch(`${world.url}/git/acme/orders`);
    const body = await page.text();
    expect(body).toContain(`git clone ${world.url}/git/acme/orders.git`);
    expect(body).toContain('Change the greeting');

    const cloneUrlInBrowser = await fetch(remote('acme/orders'), {
      redirect: 'manual',
    });
    expect(cloneUrlInBrowser.status).toBe(302);
    expect(cloneUrlInBrowser.headers.get('location')).toBe('/git/acme/orders');

    const commit = await fetch(
      `${world.url}/git/acme/orders/commit/${pushes[1].after}`,
    );
    expect(await commit.text()).toContain('app/main.py');

    expect(await (await fetch(`${world.url}/git/`)).text()).toContain(
      'acme/orders',
    );
  });

  it('refuses bad names and paths', async () => {
    for (const bad of [
      '/git/acme/..%2F..%2Fetc/raw/main/passwd',
      '/git/acme/%252E%252E/raw/main/x',
      '/git/ac%20me/orders.git/info/refs?service=git-upload-pack',
      '/git/.hidden/orders.git/info/refs?service=git-receive-pack',
      '/git/acme/a..b.git/info/refs?service=git-receive-pack',
      '/git/acme/orders.git.git/info/refs?service=git-receive-pack',
    ]) {
      const response = await fetch(`${world.url}${bad}`);
      expect({ bad, status: response.status }).toEqual({ bad, status: 400 });
    }
    await expect(git.createRepository('acme', '../etc')).rejects.toThrow(
      BadNameError,
    );
    await expect(git.createRepository('acme/x', 'y')).rejects.toThrow(
      BadNameError,
    );
    expect(await fs.readdir(path.join(work, 'repositories'))).toEqual(['acme']);
    expect(await fs.readdir(path.join(work, 'repositories', 'acme'))).toEqual([
      'orders.git',
    ]);
  });

  it('does not create a repository for a clone of one that does not exist', async () => {
    await expect(
      gitCli(
        work,
        'clone',
        '--quiet',
        remote('acme/nothing'),
        path.join(work, 'nothing'),
      ),
    ).rejects.toThrow(/not found/);
    expect(
      await git.repositories.exists({ owner: 'acme', repo: 'nothing' }),
    ).toBe(false);
  });

  it('gives CodeStar source actions the branch head, or the requested commit, with a summary and a link here', async () => {
    const head = await gitCli(
      path.join(work, 'orders-clone'),
      'rev-parse',
      'HEAD',
    );
    const configuration = {
      FullRepositoryId: 'acme/orders',
      BranchName: 'main',
      ConnectionArn:
        'arn:aws:codeconnections:us-east-1:123456789012:connection/x',
    };
    expect(
      await git.latestRevision({ resolvedConfiguration: configuration }),
    ).toEqual({
      revisionId: head,
      revisionSummary: JSON.stringify({
        ProviderType: 'GitHub',
        CommitMessage: 'Change the greeting',
      }),
      revisionUrl: `${world.url}/git/acme/orders/commit/${head}`,
    });
    expect(
      await git.latestRevision({
        resolvedConfiguration: configuration,
        sourceRevisionOverride: pushes[0].after,
      }),
    ).toMatchObject({
      revisionId: pushes[0].after,
      revisionSummary:
        '{"ProviderType":"GitHub","CommitMessage":"Initial commit"}',
    });
    await expect(
      git.latestRevision({
        resolvedConfiguration: { ...configuration, BranchName: 'release' },
      }),
    ).rejects.toThrow(
      '[GitHub] No Branch [release] found for FullRepositoryName [acme/orders]',
    );
    // Repositories held elsewhere are left to the runner's default.
    expect(
      await git.latestRevision({
        resolvedConfiguration: {
          ...configuration,
          FullRepositoryId: 'acme/elsewhere',
        },
      }),
    ).toBeUndefined();
  });

  it('checks out a commit for a build, without .git', async () => {
    const first = pushes[0].after;
    const dir = await git.sourceFor('orders', first);
    expect(await fs.readFile(path.join(dir, 'app/main.py'), 'utf8')).toBe(
      'print("hello")\n',
    );
    expect((await fs.readdir(dir)).sort()).toEqual([
      'app',
      'buildspec.yml',
      'catalog-info.yaml',
    ]);
    expect(await git.sourceFor('orders', first)).toBe(dir);
    await expect(git.sourceFor('orders', 'f'.repeat(40))).rejects.toThrow(
      `The local world's git server has no commit ${'f'.repeat(40)}`,
    );
  });
});
