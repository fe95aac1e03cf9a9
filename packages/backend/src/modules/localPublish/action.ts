import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  getRepoSourceDirectory,
  initRepoAndPush,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { examples } from './action.examples';

export const LOCAL_WORLD_PUBLISH_ACTION_ID = 'publish:local-world';

/** Where the launcher tells the backend the local world listens. */
export const LOCAL_WORLD_URL_VARIABLE = 'SLIPWAY_LOCAL_WORLD_URL';

export interface LocalWorldPublishOptions {
  config: Config;
  integrations: ScmIntegrationRegistry;
  /** The local world's URL; defaults to SLIPWAY_LOCAL_WORLD_URL, read at each run. */
  worldUrl?: () => string | undefined;
}

/** What the server answers for a repository: absent, empty, or holding branches. */
async function repositoryState(
  remoteUrl: string,
): Promise<'absent' | 'empty' | 'has-branches'> {
  const response = await fetch(
    `${remoteUrl}/info/refs?service=git-upload-pack`,
  );
  const body = await response.text();
  if (response.status === 404) return 'absent';
  if (response.status === 400) throw new InputError(body.trim());
  if (!response.ok) {
    throw new Error(
      `The local world's git server answered ${remoteUrl} with HTTP ${
        response.status
      }: ${body.trim()}`,
    );
  }
  return body.includes('refs/heads/') ? 'has-branches' : 'empty';
}

/**
 * `publish:local-world` (demo only, registered by the example backend): the
 * stand-in for publish:github on a machine without GitHub. Commits the
 * workspace and pushes it to the local world's git server as the repository
 * `<owner>/<repo>` of `repoUrl`; the push starts the pipelines watching the
 * branch there, as a CodeStar connection would.
 */
export function createLocalWorldPublishAction(
  options: LocalWorldPublishOptions,
) {
  const { config, integrations } = options;
  const worldUrl =
    options.worldUrl ?? (() => process.env[LOCAL_WORLD_URL_VARIABLE]);
  return createTemplateAction({
    id: LOCAL_WORLD_PUBLISH_ACTION_ID,
    description:
      "Demo only: commits the workspace and pushes it to a new repository of the local world's git server (no GitHub needed). Outputs match publish:github's.",
    examples,
    schema: {
      input: z =>
        z.object({
          repoUrl: z
            .string()
            .describe(
              'Repository location as RepoUrlPicker gives it (host?owner=…&repo=…); its owner and repo name the repository in the local world.',
            ),
          defaultBranch: z
            .string()
            .regex(/^[A-Za-z0-9._/-]{1,200}$/)
            .optional()
            .describe('Branch to push to. Defaults to main.'),
          sourcePath: z
            .string()
            .optional()
            .describe(
              'Folder of the workspace to publish. Defaults to all of it.',
            ),
          gitCommitMessage: z
            .string()
            .optional()
            .describe('Message of the initial commit.'),
          gitAuthorName: z.string().optional(),
          gitAuthorEmail: z.string().optional(),
        }),
      output: z =>
        z.object({
          remoteUrl: z
            .string()
            .describe('Clone URL: <world>/git/<owner>/<repo>.git'),
          repoContentsUrl: z
            .string()
            .describe(
              "The branch's files: <world>/git/<owner>/<repo>/raw/<branch> (append /catalog-info.yaml for catalog:register's catalogInfoUrl)",
            ),
          commitHash: z.string().describe('The initial commit.'),
        }),
    },
    async handler(ctx) {
      const world = worldUrl()?.replace(/\/+$/, '');
      if (!world) {
        throw new InputError(
          `${LOCAL_WORLD_PUBLISH_ACTION_ID} publishes to the local world, which is not running: ${LOCAL_WORLD_URL_VARIABLE} is not set. Publish to GitHub instead, or start the portal on the local world.`,
        );
      }
      const { owner, repo } = parseRepoUrl(ctx.input.repoUrl, integrations);
      if (!owner) {
        throw new InputError(`No owner in repoUrl ${ctx.input.repoUrl}`);
      }
      const defaultBranch = ctx.input.defaultBranch ?? 'main';
      const repository = `${world}/git/${owner}/${repo}`;
      const remoteUrl = `${repository}.git`;

      if ((await repositoryState(remoteUrl)) === 'has-branches') {
        throw new InputError(
          `The repository ${owner}/${repo} already exists in the local world (${repository}); choose another name.`,
        );
      }
      ctx.logger.info(
        `Pushing the workspace to ${remoteUrl} (${defaultBranch})`,
      );
      const { commitHash } = await initRepoAndPush({
        dir: getRepoSourceDirectory(ctx.workspacePath, ctx.input.sourcePath),
        remoteUrl,
        // The local world has no accounts; git asks for none.
        auth: { username: 'local-world', password: 'local-world' },
        logger: ctx.logger,
        defaultBranch,
        commitMessage:
          ctx.input.gitCommitMessage ??
          config.getOptionalString('scaffolder.defaultCommitMessage') ??
          'Initial commit',
        gitAuthorInfo: {
          name:
            ctx.input.gitAuthorName ??
            config.getOptionalString('scaffolder.defaultAuthor.name') ??
            'Slipway local world',
          email:
            ctx.input.gitAuthorEmail ??
            config.getOptionalString('scaffolder.defaultAuthor.email') ??
            'local-world@slipway.invalid',
        },
      });
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${repository}/raw/${defaultBranch}`);
      ctx.output('commitHash', commitHash);
    },
  });
}
