/**
 * `npm start`'s provisioning step on the local world: creates the example components' AWS
 * resources (examples/entities.yaml) in moto_server with Slipway's REAL
 * scaffolder actions, run in template order as the scaffolder would run them,
 * and pushes each example's repository (the Flask template rendered for it) to
 * the local world's git server before its pipeline is created.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     scripts/local-world/provision.ts [--write-config FILE]
 *
 * Needs AWS_ENDPOINT_URL pointing at the local world on 127.0.0.1
 * (packages/local-world/src/cli.ts) and refuses anything else, so it can
 * never touch a real AWS account. With --write-config it writes the
 * slipway.environments that point at what the local world's createPlatform
 * made (real subnet, listener, … ids in moto), for the portal to load as an
 * extra config file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  createPlatform,
  registerEcrImage,
  slipwayEnvironment,
  type Platform,
  type Routing,
} from 'local-world';
import {
  defaultForm,
  renderSkeleton,
  skeletonValues,
  type FormInput,
} from 'local-world/testing';
import { parseAllDocuments, stringify } from 'yaml';
import { createSlipwayActions } from '../../plugins/scaffolder-actions/src/actions';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { createDeliveryEventsQueue, liveUpdatesConfig } from './deliveryEvents';

const ROOT = join(__dirname, '..', '..');
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const OWNER = 'group:default/payments-team';
/** moto does not emulate CodeStar connections: the pipelines name one by ARN only. */
const CONNECTION_ARN = `arn:aws:codestar-connections:${REGION}:${ACCOUNT}:connection/0a1b2c3d-demo`;
/** Environment → ECS cluster; the examples' services run in `payments`. */
const CLUSTERS = { dev: 'payments', prod: 'payments-prod' } as const;
type Env = keyof typeof CLUSTERS;
/**
 * How each environment's load balancer routes to a service: by host. (Not by
 * path in one of them: app-config.yaml's environments name a `domain`, and
 * config files merge, so a `pathPrefix` here would sit beside it.)
 */
const ROUTING: Record<Env, Routing> = {
  dev: { domain: 'dev.payments.example' },
  prod: { domain: 'payments.example' },
};

type Outputs = Record<string, any>;

function checkEndpoint() {
  const endpoint = process.env.AWS_ENDPOINT_URL ?? '';
  let host = '';
  try {
    host = new URL(endpoint).hostname;
  } catch {
    // reported below
  }
  if (host !== '127.0.0.1') {
    throw new Error(
      `AWS_ENDPOINT_URL must point at the local world on 127.0.0.1 (packages/local-world/src/cli.ts), got '${endpoint}'`,
    );
  }
}

function setUpPlatform(): Promise<Platform> {
  return createPlatform({
    environments: CLUSTERS,
    env: process.env as Record<string, string>,
  });
}

function slipwayEnvironments(platform: Platform) {
  return Object.fromEntries(
    (Object.keys(CLUSTERS) as Env[]).map(env => [
      env,
      slipwayEnvironment(platform, env, {
        routing: ROUTING[env],
        region: REGION,
        connectionArn: CONNECTION_ARN,
      }),
    ]),
  );
}

function stepLogger(prefix: string) {
  const line =
    (level: string) => (message: string, meta?: Record<string, unknown>) => {
      if (level === 'debug') return;
      const extra =
        meta && Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
      process.stdout.write(
        `  ${prefix} ${
          level === 'info' ? '' : `${level}: `
        }${message}${extra}\n`,
      );
    };
  const logger: any = {
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    debug: line('debug'),
    child: () => logger,
  };
  return logger;
}

class Provisioner {
  private readonly actions: Map<
    string,
    ReturnType<typeof createSlipwayActions>[number]
  >;

  constructor(config: ConfigReader) {
    // maxAttempts 1: an error is an answer in the local world, never a transient fault.
    const clients = AwsClientFactory.fromConfig(config, { maxAttempts: 1 });
    this.actions = new Map(
      createSlipwayActions({ config, clients }).map(a => [a.id, a]),
    );
  }

  /** Runs one action as the scaffolder would: validated input, checkpoints, outputs. */
  async run(
    component: string,
    id: string,
    input: Record<string, unknown>,
  ): Promise<Outputs> {
    const action = this.actions.get(id)!;
    const outputs: Outputs = {};
    const checkpoints = new Map<string, unknown>();
    const ctx = {
      input,
      logger: stepLogger(`[${component}] ${id.replace('slipway:', '')}:`),
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      async checkpoint<T>(opts: { key: string; fn: () => Promise<T> | T }) {
        if (!checkpoints.has(opts.key))
          checkpoints.set(opts.key, await opts.fn());
        return checkpoints.get(opts.key) as T;
      },
      isDryRun: false,
      workspacePath: ROOT,
      createTemporaryDirectory: async () => ROOT,
      getInitiatorCredentials: async () => ({}),
      task: { id: `demo-${component}` },
      logStream: process.stdout,
    };
    await action.handler(ctx as any);
    return outputs;
  }
}

async function provision(p: Provisioner) {
  const arns: string[] = [];
  const common = (component: string) => ({ component, owner: OWNER });

  /** ECR → IAM → CodeBuild → [targets] → ECS → [deployment group], per environment. */
  async function deliveryPath(
    component: string,
    opts: {
      envs: Env[];
      blueGreen?: boolean;
      build?: boolean;
    },
  ) {
    const { envs, blueGreen = false, build = true } = opts;
    const run = (id: string, input: Record<string, unknown>) =>
      p.run(component, `slipway:${id}`, { ...common(component), ...input });
    const ecr = await run('ecr:create-repository', { environment: 'dev' });
    const roles = await run('iam:create-delivery-roles', {
      environment: 'dev',
      deployEnvironments: envs,
      blueGreen,
    });
    let alarmTopicArn: string | undefined;
    if (build) {
      await run('codebuild:create-project', {
        environment: 'dev',
        serviceRoleArn: roles.codeBuildRoleArn,
        repositoryUri: ecr.repositoryUri,
        deployStrategy: blueGreen ? 'blue-green' : 'rolling',
      });
      const alerts = await run('alerts:create', {
        environment: 'dev',
        emails: ['payments-team@example.com'],
      });
      alarmTopicArn = alerts.topicArn;
    }
    // The examples' first release: an image in the repository, so that their
    // services' tasks start (the local world stops tasks whose ECR image is missing).
    await registerEcrImage(
      process.env.AWS_ENDPOINT_URL!,
      REGION,
      ecr.repositoryUri.split('/').slice(1).join('/'),
      '1.0.0',
    );
    for (const environment of envs) {
      const targets = blueGreen
        ? await run('codedeploy:create-blue-green', {
            environment,
            strategy: 'canary10Percent5Minutes',
            alarmTopicArn,
          })
        : undefined;
      const service = await run('ecs:create-service', {
        environment,
        repositoryUri: ecr.repositoryUri,
        // Naming an image makes the service ask for its tasks at once
        // (desiredCount), instead of 0 before a first push.
        image: `${ecr.repositoryUri}:1.0.0`,
        desiredCount: 1,
        executionRoleArn: roles.taskExecutionRoleArn,
        alarmTopicArn,
        ...(targets && {
          deploymentController: 'codedeploy',
          targetGroupArn: targets.blueTargetGroupArn,
        }),
      });
      arns.push(service.serviceArn);
      if (blueGreen) {
        await run('codedeploy:create-blue-green', {
          environment,
          strategy: 'canary10Percent5Minutes',
          serviceName: service.serviceName,
          serviceRoleArn: roles.codeDeployRoleArn,
          alarmTopicArn,
        });
      }
    }
    return roles;
  }

  async function pipeline(
    component: string,
    roles: Outputs,
    input: Record<string, unknown>,
  ) {
    await pushExampleRepository(component, {
      branch: (input.branch as string | undefined) ?? 'main',
      strategy:
        input.deploymentStrategy === 'blue-green' ? 'canary' : 'rolling',
    });
    const out = await p.run(component, 'slipway:codepipeline:create-pipeline', {
      ...common(component),
      environment: 'dev',
      roleArn: roles.codePipelineRoleArn,
      repositoryId: `acme/${component}`,
      ...input,
    });
    arns.push(out.pipelineArn);
  }

  // orders-api: rolling, dev → approval → prod; the entity names only its pipeline.
  process.stdout.write('\norders-api (rolling, dev → approve → prod)\n');
  const orders = await deliveryPath('orders-api', { envs: ['dev', 'prod'] });
  await pipeline('orders-api', orders, {
    deployEnvironments: ['dev', 'prod'],
    approvalBefore: ['prod'],
  });

  // ledger-worker: an ECS service deployed by another tool (no build, no pipeline).
  process.stdout.write('\nledger-worker (ECS service only)\n');
  await deliveryPath('ledger-worker', { envs: ['dev'], build: false });

  // checkout-web: CodeDeploy blue/green (canary), one pipeline per environment.
  process.stdout.write(
    '\ncheckout-web (blue/green canary; pipelines checkout-web → dev, checkout-web-hotfix → prod)\n',
  );
  const checkout = await deliveryPath('checkout-web', {
    envs: ['dev', 'prod'],
    blueGreen: true,
  });
  await pipeline('checkout-web', checkout, {
    deployEnvironments: ['dev'],
    deploymentStrategy: 'blue-green',
  });
  await pipeline('checkout-web', checkout, {
    pipelineName: 'checkout-web-hotfix',
    branch: 'hotfix',
    deployEnvironments: ['prod'],
    approvalBefore: ['prod'],
    deploymentStrategy: 'blue-green',
  });

  // refunds-api: found by its tags (slipway:component=refunds-api).
  process.stdout.write('\nrefunds-api (rolling, found by tags)\n');
  const refunds = await deliveryPath('refunds-api', { envs: ['dev'] });
  await pipeline('refunds-api', refunds, { deployEnvironments: ['dev'] });

  return arns;
}

/**
 * The example's repository on the local world's git server, with the Flask
 * template's files rendered for it, so that its pipeline runs (creating it
 * starts the first execution, as on AWS) and Start works from the portal.
 */
async function pushExampleRepository(
  component: string,
  opts: { branch: string; strategy: FormInput['strategy'] },
) {
  const dir = mkdtempSync(join(tmpdir(), `slipway-example-${component}-`));
  try {
    await renderSkeleton(
      dir,
      skeletonValues({
        ...defaultForm,
        name: component,
        description: `The ${component} example`,
        repoUrl: `github.com?owner=acme&repo=${component}`,
        strategy: opts.strategy,
      }),
    );
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'Slipway examples',
          GIT_AUTHOR_EMAIL: 'examples@slipway.invalid',
          GIT_COMMITTER_NAME: 'Slipway examples',
          GIT_COMMITTER_EMAIL: 'examples@slipway.invalid',
        },
      });
    git('init', '--quiet');
    git('add', '--all');
    git('commit', '--quiet', '-m', `${component}: the example service`);
    git(
      'push',
      '--quiet',
      `${process.env.AWS_ENDPOINT_URL}/git/acme/${component}.git`,
      `HEAD:refs/heads/${opts.branch}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every ARN examples/entities.yaml annotates must now exist. */
function checkExamples(created: string[]) {
  const text = readFileSync(join(ROOT, 'examples', 'entities.yaml'), 'utf8');
  const annotated = parseAllDocuments(text).flatMap(doc => {
    const annotations = (doc.toJS()?.metadata?.annotations ?? {}) as Record<
      string,
      string
    >;
    return [
      'aws.amazon.com/aws-codepipeline-arn',
      'aws.amazon.com/amazon-ecs-service-arn',
    ].flatMap(key =>
      annotations[key] ? annotations[key].split(',').map(s => s.trim()) : [],
    );
  });
  const missing = annotated.filter(arn => !created.includes(arn));
  if (missing.length) {
    throw new Error(
      `examples/entities.yaml annotates ARNs the demo did not create: ${missing.join(
        ', ',
      )}`,
    );
  }
  return annotated;
}

async function main() {
  checkEndpoint();
  const at = process.argv.indexOf('--write-config');
  const configFile = at > 0 ? process.argv[at + 1] : undefined;

  process.stdout.write(
    `Platform (VPC, subnets, ALBs, clusters ${Object.values(CLUSTERS).join(
      ', ',
    )}, artifact bucket) with the local world's createPlatform\n`,
  );
  const platform = await setUpPlatform();
  const environments = slipwayEnvironments(platform);
  const { queueUrl } = await createDeliveryEventsQueue(REGION);
  const config = new ConfigReader({
    aws: {
      mainAccount: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    },
    slipway: { environments },
  });
  const created = await provision(new Provisioner(config));
  const annotated = checkExamples(created);

  if (configFile) {
    writeFileSync(
      configFile,
      `# Written by scripts/local-world/provision.ts: the demo environments in the local world, and its delivery events queue.\n${stringify(
        {
          slipway: {
            environments: { ...environments, staging: environments.dev },
          },
          ...liveUpdatesConfig(queueUrl, REGION),
        },
        { aliasDuplicateObjects: false },
      )}`,
    );
  }
  process.stdout.write(
    `\nProvisioned with the slipway:* actions; every ARN in examples/entities.yaml exists:\n${annotated
      .map(arn => `  ${arn}`)
      .join('\n')}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`provisioning failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
