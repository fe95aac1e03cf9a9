import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { LocalGit, LocalWorldServer, PushEvent } from 'local-world';
import { startGitWorld } from 'local-world/testing';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createLocalWorldPublishAction } from './action';

const catalogInfo =
  'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders-api\n';

/** The app-config of the portal on the local world, as far as this action and the catalog need it. */
const config = new ConfigReader({
  backend: {
    reading: { allow: [{ host: '127.0.0.1:1024-65535', paths: ['/git/'] }] },
  },
  scaffolder: {
    defaultAuthor: { name: 'Portal', email: 'portal@example.com' },
  },
});

describe('publish:local-world', () => {
  let work: string;
  let git: LocalGit;
  let world: LocalWorldServer;
  let pushes: PushEvent[];
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ work, git, world, pushes, close } = await startGitWorld(
      'local-publish-test-',
    ));
  });

  afterAll(() => close?.());

  const action = (worldUrl: () => string | undefined = () => world.url) =>
    createLocalWorldPublishAction({
      config,
      integrations: ScmIntegrations.fromConfig(config),
      worldUrl,
    });

  async function workspaceWith(files: Record<string, string>) {
    const dir = await fs.mkdtemp(path.join(work, 'workspace-'));
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), content);
    }
    return dir;
  }

  it("pushes the workspace to a new repository of the local world's git server, readable by the catalog", async () => {
    const workspacePath = await workspaceWith({
      'catalog-info.yaml': catalogInfo,
      'app/main.py': 'print("hi")\n',
    });
    const ctx = createMockActionContext({
      input: {
        repoUrl: 'github.com?owner=acme&repo=orders-api',
        defaultBranch: 'main',
        gitCommitMessage: 'Initial commit from the template',
      },
      workspacePath,
    });
    await action().handler(ctx);
    await git.settled();

    const head = await git.repositories.branchHead(
      { owner: 'acme', repo: 'orders-api' },
      'main',
    );
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `${world.url}/git/acme/orders-api.git`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${world.url}/git/acme/orders-api/raw/main`,
    );
    expect(ctx.output).toHaveBeenCalledWith('commitHash', head);
    expect(pushes).toEqual([
      expect.objectContaining({
        fullRepositoryId: 'acme/orders-api',
        branch: 'main',
        after: head,
      }),
    ]);
    expect(
      await git.repositories.commit(
        { owner: 'acme', repo: 'orders-api' },
        head!,
      ),
    ).toMatchObject({
      message: 'Initial commit from the template',
      author: 'Portal <portal@example.com>',
    });

    // What catalog:register reads with catalogInfoUrl: <repoContentsUrl>/catalog-info.yaml,
    // through the backend's URL reader allowed by backend.reading.allow.
    const reader = UrlReaders.default({
      config,
      logger: mockServices.logger.mock(),
    });
    const file = await reader.readUrl(
      `${world.url}/git/acme/orders-api/raw/main/catalog-info.yaml`,
    );
    expect((await file.buffer()).toString('utf8')).toBe(catalogInfo);
  });

  it('refuses to overwrite a repository that already has branches', async () => {
    const ctx = createMockActionContext({
      input: { repoUrl: 'github.com?owner=acme&repo=orders-api' },
      workspacePath: await workspaceWith({ 'README.md': 'again\n' }),
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /The repository acme\/orders-api already exists in the local world/,
    );
    expect(pushes).toHaveLength(1);
  });

  it('says what is missing when the local world is not running', async () => {
    const ctx = createMockActionContext({
      input: { repoUrl: 'github.com?owner=acme&repo=payments' },
      workspacePath: await workspaceWith({ 'README.md': 'x\n' }),
    });
    await expect(action(() => undefined).handler(ctx)).rejects.toThrow(
      /SLIPWAY_LOCAL_WORLD_URL is not set/,
    );
  });

  it("passes on the git server's refusal of a bad repository name", async () => {
    const ctx = createMockActionContext({
      input: { repoUrl: 'github.com?owner=acme&repo=..bad' },
      workspacePath: await workspaceWith({ 'README.md': 'x\n' }),
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /Invalid repository name '..bad'/,
    );
  });
});
