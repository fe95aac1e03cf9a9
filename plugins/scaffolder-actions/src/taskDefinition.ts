import { InputError } from '@backstage/errors';
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
        environment: Object.entries(s.environment).map(([name, value]) => ({
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
 * its logs and teardown all agree with the rest of the delivery path.
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
    containerDefinitions: document.containerDefinitions.map(container => ({
      ...container,
      logConfiguration:
        container.logConfiguration ??
        fromInputs.containerDefinitions![0].logConfiguration,
    })),
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
      })),
    });
  return essence(a) === essence(b);
}
