import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import type { TaskDefinitionDocument } from './aws/ecs';

/** The placeholder CodeDeploy's taskdef.json convention uses for the image. */
export const IMAGE_PLACEHOLDER = '<IMAGE1_NAME>';

/** What the action fills in, whether the task definition comes from inputs or a file. */
export interface TaskDefinitionSettings {
  family: string;
  image: string;
  containerName: string;
  containerPort: number;
  cpu: string;
  memory: string;
  executionRoleArn: string;
  taskRoleArn?: string;
  logGroup: string;
  region: string;
  healthCheckCommand: string[];
  environment: Record<string, string>;
  /**
   * Path routing: the service's path behind the load balancer. The app
   * container gets SCRIPT_NAME=<basePath> (gunicorn strips it from requests).
   */
  basePath?: string;
}

/** The container health check of a Python image: the app's health path on localhost. */
export function pythonHealthCheck(port: number, path: string): string[] {
  return [
    'CMD-SHELL',
    `python3 -c "import urllib.request; urllib.request.urlopen('http://localhost:${port}${path}', timeout=4)" || exit 1`,
  ];
}

/** The container's environment: the inputs, and SCRIPT_NAME in path mode (it wins). */
function environmentOf(s: TaskDefinitionSettings): Record<string, string> {
  return { ...s.environment, ...(s.basePath && { SCRIPT_NAME: s.basePath }) };
}

// Fields that DescribeTaskDefinition returns but RegisterTaskDefinition refuses.
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

/** A Fargate task definition with one container, from the action's inputs. */
export function taskDefinitionFromInputs(
  s: TaskDefinitionSettings,
): TaskDefinitionDocument {
  return {
    family: s.family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: s.cpu,
    memory: s.memory,
    executionRoleArn: s.executionRoleArn,
    ...(s.taskRoleArn && { taskRoleArn: s.taskRoleArn }),
    containerDefinitions: [
      {
        name: s.containerName,
        image: s.image,
        essential: true,
        portMappings: [{ containerPort: s.containerPort, protocol: 'tcp' }],
        environment: Object.entries(environmentOf(s)).map(([name, value]) => ({
          name,
          value,
        })),
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': s.logGroup,
            'awslogs-region': s.region,
            'awslogs-stream-prefix': 'ecs',
          },
        },
        healthCheck: {
          command: s.healthCheckCommand,
          interval: 30,
          timeout: 5,
          retries: 3,
          startPeriod: 30,
        },
      },
    ],
  };
}

/**
 * A task definition from the repository's taskdef.json. The image placeholder
 * is replaced, and Slipway's family, Fargate/awsvpc and (when missing) the
 * execution role and log configuration are enforced, so that the service,
 * its logs and teardown all agree with the rest of the delivery path. In
 * path mode the app container (named containerName, else the first) gets
 * SCRIPT_NAME and, when it has none, the health check of the base path.
 */
export function taskDefinitionFromJson(
  text: string,
  source: string,
  s: TaskDefinitionSettings,
): TaskDefinitionDocument {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text.split(IMAGE_PLACEHOLDER).join(s.image));
  } catch (error) {
    throw new InputError(
      `The task definition in ${source} is not valid JSON: ${
        (error as Error).message
      }`,
    );
  }
  const document = Object.fromEntries(
    Object.entries(parsed).filter(([key]) => !READ_ONLY.includes(key)),
  ) as unknown as TaskDefinitionDocument;
  if (!document.containerDefinitions?.length) {
    throw new InputError(
      `The task definition in ${source} has no containerDefinitions`,
    );
  }
  const fromInputs = taskDefinitionFromInputs(s);
  return {
    ...document,
    family: s.family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: document.cpu ?? s.cpu,
    memory: document.memory ?? s.memory,
    executionRoleArn: document.executionRoleArn ?? s.executionRoleArn,
    containerDefinitions: document.containerDefinitions.map(
      (container, index) => {
        const app =
          container.name === s.containerName ||
          (index === 0 &&
            !document.containerDefinitions!.some(
              c => c.name === s.containerName,
            ));
        return {
          ...container,
          logConfiguration:
            container.logConfiguration ??
            fromInputs.containerDefinitions![0].logConfiguration,
          ...(app &&
            s.basePath && {
              environment: [
                ...(container.environment ?? []).filter(
                  e => e.name !== 'SCRIPT_NAME',
                ),
                { name: 'SCRIPT_NAME', value: s.basePath },
              ],
              healthCheck:
                container.healthCheck ??
                fromInputs.containerDefinitions![0].healthCheck,
            }),
        };
      },
    ),
  };
}

/** The parts of two task definitions that matter for reuse, compared. */
export function sameTaskDefinition(
  a: TaskDefinitionDocument,
  b: TaskDefinitionDocument,
): boolean {
  const essence = (d: TaskDefinitionDocument) =>
    JSON.stringify({
      cpu: d.cpu,
      memory: d.memory,
      executionRoleArn: d.executionRoleArn,
      taskRoleArn: d.taskRoleArn,
      containers: (d.containerDefinitions ?? []).map(c => ({
        name: c.name,
        image: c.image,
        ports: (c.portMappings ?? []).map(p => p.containerPort),
        environment: (c.environment ?? [])
          .map(e => `${e.name}=${e.value}`)
          .sort(),
        healthCheck: c.healthCheck?.command,
      })),
    });
  return essence(a) === essence(b);
}

/**
 * The task definition JSON an action was given: the `taskDefinition` input
 * or the `taskDefinitionFile` in the task workspace (never outside it).
 */
export async function readTaskDefinitionSource(
  input: { taskDefinition?: string; taskDefinitionFile?: string },
  workspacePath: string,
): Promise<{ text: string; source: string } | undefined> {
  if (input.taskDefinition && input.taskDefinitionFile) {
    throw new InputError(
      'Give either taskDefinition or taskDefinitionFile, not both',
    );
  }
  if (input.taskDefinitionFile) {
    const path = resolveSafeChildPath(workspacePath, input.taskDefinitionFile);
    const text = await fs.readFile(path, 'utf8').catch(() => {
      throw new InputError(
        `The task definition file ${input.taskDefinitionFile} does not exist in the task workspace`,
      );
    });
    return { text, source: input.taskDefinitionFile };
  }
  return input.taskDefinition
    ? { text: input.taskDefinition, source: 'the taskDefinition input' }
    : undefined;
}
