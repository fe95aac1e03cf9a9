import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  ActionResult,
  ActionRunContext,
  ActionRunner,
} from '../pipelines/runners';
import type { Place } from '../server/accounts';
import { actionPlace, roleProblem } from './actionRole';
import { CodeDeployError } from './codeDeployErrors';
import type { CodeDeployDeployments } from './codeDeployDeployments';
import type { CodeDeployMoto } from './codeDeployMoto';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition does not take. */
const READ_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

export function codeDeployConsoleUrl(region: string, deploymentId: string) {
  return `https://${region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${deploymentId}?region=${region}`;
}

class ActionFailure extends Error {}

async function artifactFile(
  context: ActionRunContext,
  artifact: string | undefined,
  file: string,
  what: string,
): Promise<string> {
  const folder = artifact ? context.inputArtifacts?.[artifact] : undefined;
  const resolved = folder ? path.resolve(folder, file) : undefined;
  if (
    !folder ||
    !resolved ||
    !resolved.startsWith(path.resolve(folder) + path.sep)
  ) {
    throw new ActionFailure(
      `Exception while trying to read the ${what} file from: ${artifact}.`,
    );
  }
  return readFile(resolved, 'utf8').catch(() => {
    throw new ActionFailure(
      `Exception while trying to read the ${what} file ${file} from: ${artifact}.`,
    );
  });
}

/** `<PLACEHOLDER>` → image URI, from each `Image<n>ArtifactName`'s imageDetail.json. */
async function imagePlaceholders(context: ActionRunContext) {
  const config = context.resolvedConfiguration;
  const images: Record<string, string> = {};
  for (let n = 1; n <= 4; n++) {
    const artifact = config[`Image${n}ArtifactName`];
    if (!artifact) continue;
    const placeholder = config[`Image${n}ContainerName`] ?? `IMAGE${n}_NAME`;
    const text = await artifactFile(
      context,
      artifact,
      'imageDetail.json',
      'image artifact',
    );
    let uri: unknown;
    try {
      uri = JSON.parse(text).ImageURI;
    } catch {
      uri = undefined;
    }
    if (typeof uri !== 'string' || !uri) {
      throw new ActionFailure(
        `The image artifact ${artifact} has no ImageURI in imageDetail.json.`,
      );
    }
    images[`<${placeholder}>`] = uri;
  }
  return images;
}

async function registerTaskDefinition(
  context: ActionRunContext,
  moto: CodeDeployMoto,
  place: Place,
): Promise<string> {
  const config = context.resolvedConfiguration;
  let text = await artifactFile(
    context,
    config.TaskDefinitionTemplateArtifact,
    config.TaskDefinitionTemplatePath ?? 'taskdef.json',
    'task definition artifact',
  );
  for (const [placeholder, uri] of Object.entries(
    await imagePlaceholders(context),
  )) {
    text = text.split(placeholder).join(uri);
  }
  let definition: Record<string, unknown>;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw new ActionFailure(
      `The task definition is not valid JSON: ${(error as Error).message}`,
    );
  }
  for (const field of READ_ONLY) delete definition[field];
  const registered = await moto
    .registerTaskDefinition(place, definition)
    .catch(error => {
      throw new ActionFailure(
        `RegisterTaskDefinition failed: ${(error as Error).message}`,
      );
    });
  return registered.taskDefinitionArn;
}

/**
 * `Deploy/AWS/CodeDeployToECS`: registers the task definition template with
 * the build's image, puts its ARN into the appspec, creates the CodeDeploy
 * deployment and waits for it to end, as CodePipeline's action does; with
 * a `roleArn`, all of it in the role's account (the image may be another
 * account's).
 */
export function codeDeployToEcsRunner(options: {
  /** moto_server's URL: where the action's `roleArn` is checked. */
  upstream: string;
  moto: CodeDeployMoto;
  deployments: CodeDeployDeployments;
}): ActionRunner {
  const { moto, deployments } = options;
  return {
    async run(context): Promise<ActionResult> {
      const config = context.resolvedConfiguration;
      // With a roleArn, the task definition and the deployment are the role's account's.
      const place = actionPlace(context);
      let deploymentId: string;
      try {
        const unassumable = await roleProblem(options.upstream, context);
        if (unassumable) throw new ActionFailure(unassumable);
        const taskDefinitionArn = await registerTaskDefinition(
          context,
          moto,
          place,
        );
        const appSpec = (
          await artifactFile(
            context,
            config.AppSpecTemplateArtifact,
            config.AppSpecTemplatePath ?? 'appspec.yaml',
            'AppSpec',
          )
        )
          .split('<TASK_DEFINITION>')
          .join(taskDefinitionArn);
        ({ deploymentId } = await deployments.create(place, {
          applicationName: config.ApplicationName,
          deploymentGroupName: config.DeploymentGroupName,
          revision: {
            revisionType: 'AppSpecContent',
            appSpecContent: { content: appSpec },
          },
        }));
      } catch (error) {
        if (
          error instanceof ActionFailure ||
          error instanceof CodeDeployError
        ) {
          const message =
            error instanceof CodeDeployError
              ? `${error.type}: ${error.message}`
              : error.message;
          return {
            status: 'Failed',
            summary: message,
            errorDetails: { code: 'JobFailed', message },
          };
        }
        throw error;
      }
      const link = {
        externalExecutionId: deploymentId,
        externalExecutionUrl: codeDeployConsoleUrl(
          context.region,
          deploymentId,
        ),
      };
      context.report(link);
      const done = await new Promise<
        Awaited<ReturnType<CodeDeployDeployments['whenDone']>>
      >((resolve, reject) => {
        const onAbort = () => reject(context.signal.reason);
        if (context.signal.aborted) onAbort();
        context.signal.addEventListener('abort', onAbort, { once: true });
        deployments.whenDone(place, deploymentId).then(resolve, reject);
      });
      if (done.status === 'Succeeded') return { status: 'Succeeded', ...link };
      const error = done.errorInformation;
      const message = `Deployment ${deploymentId} ${
        done.status === 'Stopped' ? 'was stopped' : 'failed'
      }. Error code: ${error?.code}; error message: ${error?.message}`;
      return {
        status: 'Failed',
        ...link,
        summary: message,
        errorDetails: { code: 'JobFailed', message },
      };
    },
  };
}
