import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  IAMClient,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { MotoServer, startMotoServer } from './__testUtils__/motoServer';
import { counts, Snapshot, total } from './__testUtils__/snapshot';
import {
  AccountRead,
  HOME,
  PROD_ACCOUNT,
  provisionAcrossAccounts,
  readAccount,
} from './__testUtils__/twoAccounts';
import {
  ACCOUNT,
  ActionRun,
  ALERT_EMAILS,
  OWNER,
  Placement,
  REGION,
  TEAM_EMAIL,
  World,
} from './__testUtils__/world';

/**
 * Re-running the provisioning of a component promoted across accounts (dev
 * and the pipeline in the home account, prod in another) against
 * moto_server: the second run finds and reuses everything in both accounts
 * and changes nothing; a re-run after drift in the prod account puts back
 * what Slipway owns there (or, for a changed document, names the
 * difference); the owner's e-mail joins the prod account's alert topic once;
 * teardown then leaves nothing in either account. The tests run in order on
 * one world.
 */

jest.setTimeout(180_000);

const PROD: Placement = { accountId: PROD_ACCOUNT, region: REGION };
const COMPONENT = 'payments-api';
const DEPLOY_ROLE = `${COMPONENT}-deploy-prod`;
const LEAST_PRIVILEGE = 'slipway-least-privilege';
/** The component's alert topic of the prod account, which its alarms notify. */
const prodTopicArn = `arn:aws:sns:${REGION}:${PROD_ACCOUNT}:${COMPONENT}-alerts`;

/** One component's resources of each kind, per account, after any run. */
const EXPECTED_COUNTS: Record<string, Record<string, number>> = {
  [ACCOUNT]: {
    ecrRepositories: 1,
    iamRoles: 3,
    logGroups: 2,
    codeBuildProjects: 1,
    ecsServices: 1,
    taskDefinitions: 1,
    taskDefinitionFamilies: 1,
    targetGroups: 1,
    listenerRules: 1,
    codeDeployApplications: 0,
    deploymentGroups: 0,
    pipelines: 1,
    alertTopics: 1,
    eventRules: 1,
    alarms: 2,
    kmsKeys: 1,
    kmsAliases: 1,
  },
  [PROD_ACCOUNT]: {
    ecrRepositories: 0,
    iamRoles: 2,
    logGroups: 1,
    codeBuildProjects: 0,
    ecsServices: 1,
    taskDefinitions: 1,
    taskDefinitionFamilies: 1,
    targetGroups: 1,
    listenerRules: 1,
    codeDeployApplications: 0,
    deploymentGroups: 0,
    pipelines: 0,
    alertTopics: 1,
    eventRules: 0,
    alarms: 2,
    kmsKeys: 0,
    kmsAliases: 0,
  },
};

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
});

type AccountStates = Record<string, AccountRead>;

/** Both accounts, each read back with its own credentials. */
async function readAccounts(world: World): Promise<AccountStates> {
  const read = async (where: Placement) => {
    const state = await readAccount(world, where);
    expect(state.reads.account).toBe(where.accountId);
    return state;
  };
  return { [ACCOUNT]: await read(HOME), [PROD_ACCOUNT]: await read(PROD) };
}

/** The snapshot's counts plus the KMS keys (aliased or not) and their aliases. */
const countsOf = ({ s, reads }: AccountRead) => ({
  ...counts(s),
  kmsKeys: Object.keys(reads.keyStates).length,
  kmsAliases: reads.artifactKeys.length,
});

const warningsOf = (steps: Record<string, ActionRun>) =>
  Object.entries(steps).flatMap(([id, step]) =>
    step.logger.warn.mock.calls.map(call => `${id}: ${call[0]}`),
  );

const infoOf = (step: ActionRun) =>
  step.logger.info.mock.calls.map(call => String(call[0]));

/** The calls since the last `arm` that create or change something. */
const changingCalls = (world: World) =>
  world.faults.calls.filter(call =>
    /^(Create|Register|Put|Update|Subscribe|Tag|Attach|Delete|Schedule)/.test(
      call.split('.')[1],
    ),
  );

/** What an action reported reusing in the prod account, e.g. "The SNS topic 'x-alerts'". */
const reusedInProd = (step: ActionRun) =>
  infoOf(step)
    .filter(line =>
      line.endsWith(
        `already exists in account ${PROD_ACCOUNT} (${REGION}); reusing it`,
      ),
    )
    .map(line => line.split(' already exists')[0]);

/** Outputs that must be the same on every run (created and createdRoles say whether this run created them). */
const comparableOutputs = (step: ActionRun) => {
  const { created: _created, createdRoles: _roles, ...rest } = step.outputs;
  return rest;
};

/** Each step's `created` output, for the steps that have one. */
const createdOutputs = (steps: Record<string, ActionRun>) =>
  Object.fromEntries(
    Object.entries(steps)
      .filter(([, step]) => 'created' in step.outputs)
      .map(([id, step]) => [id, step.outputs.created]),
  );

const mapValues = <T, U>(record: Record<string, T>, f: (value: T) => U) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

/** A trust policy an operator widened: any principal of the home account may deploy to prod. */
const TRUSTS_WHOLE_HOME_ACCOUNT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'sts:AssumeRole',
    },
  ],
});

const roleOf = (state: AccountRead, name: string) =>
  state.s.iamRoles.find(r => r.name === name);

/** The prod account's IAM, with that account's credentials (as an operator there would change it). */
async function prodIam(world: World): Promise<IAMClient> {
  const env = await world.credentialsEnv(PROD_ACCOUNT);
  return new IAMClient({
    region: REGION,
    maxAttempts: 1,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN,
    },
  });
}

/** Both accounts exactly as run 1 left them: counts, documents, policies, tags. */
/**
 * The snapshot's lists in ARN order: AWS lists in no promised order, and a
 * role deleted and created again comes back in another place.
 */
function inArnOrder(s: Snapshot): Snapshot {
  const byArn = (a: any, b: any) =>
    String(a.arn ?? '').localeCompare(String(b.arn ?? ''));
  return Object.fromEntries(
    Object.entries(s).map(([kind, list]) => [kind, [...list].sort(byArn)]),
  );
}

async function expectAsAfterFirstRun(world: World, first: AccountStates) {
  const now = await readAccounts(world);
  for (const account of [ACCOUNT, PROD_ACCOUNT]) {
    expect(inArnOrder(now[account].s)).toEqual(inArnOrder(first[account].s));
    expect(now[account].reads).toEqual(first[account].reads);
  }
}

describe('re-running a promotion across accounts, against moto_server', () => {
  let world: World;
  let first: Record<string, ActionRun>;
  let afterFirst: AccountStates;

  beforeAll(async () => {
    await moto.reset();
    ({ world, steps: first } = await provisionAcrossAccounts(
      PROD,
      COMPONENT,
      'rolling',
    ));
    afterFirst = await readAccounts(world);
  });

  it('run 1 provisions each account’s part once, without a warning', () => {
    expect(warningsOf(first)).toEqual([]);
    expect(first.roles.outputs.createdRoles).toEqual(
      expect.arrayContaining([`${PROD_ACCOUNT}:${DEPLOY_ROLE}`]),
    );
    for (const account of [ACCOUNT, PROD_ACCOUNT]) {
      expect([account, countsOf(afterFirst[account])]).toEqual([
        account,
        EXPECTED_COUNTS[account],
      ]);
    }
  });

  it('run 2 with the same inputs reuses everything in both accounts and changes nothing', async () => {
    world.faults.arm();
    const second = await world.runTemplate(COMPONENT, 'rolling');
    expect(warningsOf(second)).toEqual([]);
    expect(changingCalls(world)).toEqual([]);
    // Counts, the pipeline definition, the roles' trust and inline
    // policies, topics and subscriptions, alarms, the artifact key's policy
    // and the repository policy: all as run 1 left them.
    await expectAsAfterFirstRun(world, afterFirst);

    // It says so: nothing created, the same outputs, reuse logged in the
    // prod account for the prod resources.
    expect(second.roles.outputs.createdRoles).toEqual([]);
    const createdByRun1 = createdOutputs(first);
    expect(Object.keys(createdByRun1)).toEqual(
      expect.arrayContaining([
        'ecr',
        'service-dev',
        'service-prod',
        'pipeline',
      ]),
    );
    expect(createdByRun1).toEqual(mapValues(createdByRun1, () => true));
    expect(createdOutputs(second)).toEqual(
      mapValues(createdByRun1, () => false),
    );
    for (const [id, step] of Object.entries(second)) {
      expect([id, comparableOutputs(step)]).toEqual([
        id,
        comparableOutputs(first[id]),
      ]);
    }
    expect(reusedInProd(second.roles)).toEqual(
      expect.arrayContaining([
        `The IAM role '${DEPLOY_ROLE}'`,
        `The IAM role '${COMPONENT}-ecs-task-execution'`,
      ]),
    );
    expect(reusedInProd(second['service-prod'])).toEqual([
      `The SNS topic '${COMPONENT}-alerts'`,
      `The target group '${COMPONENT}-prod'`,
      expect.stringMatching(/^The rule routing path \/services\/payments-api/),
      `The alarm '${COMPONENT}-prod-target-5xx'`,
      `The alarm '${COMPONENT}-prod-unhealthy-hosts'`,
      `The ECS service '${COMPONENT}'`,
    ]);
  });

  it('a re-run puts back the deploy role’s inline policy deleted in the prod account', async () => {
    const iam = await prodIam(world);
    await iam.send(
      new DeleteRolePolicyCommand({
        RoleName: DEPLOY_ROLE,
        PolicyName: LEAST_PRIVILEGE,
      }),
    );
    const drifted = await readAccounts(world);
    expect(roleOf(drifted[PROD_ACCOUNT], DEPLOY_ROLE).inlinePolicies).toEqual(
      {},
    );

    world.faults.arm();
    const rerun = await world.runTemplate(COMPONENT, 'rolling');
    expect(warningsOf(rerun)).toEqual([]);
    expect(changingCalls(world)).toEqual(['IAM.PutRolePolicy']);
    expect(infoOf(rerun.roles)).toContain(
      `Put the inline policy '${LEAST_PRIVILEGE}' on the IAM role '${DEPLOY_ROLE}'`,
    );
    await expectAsAfterFirstRun(world, afterFirst);
  });

  it('a re-run reports a widened trust policy and leaves it; deleting the role, as advised, and re-running restores it', async () => {
    const iam = await prodIam(world);
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: DEPLOY_ROLE,
        PolicyDocument: TRUSTS_WHOLE_HOME_ACCOUNT,
      }),
    );

    // Slipway never overwrites an existing resource: it names the difference.
    world.faults.arm();
    const reported = await world.runTemplate(COMPONENT, 'rolling');
    expect(warningsOf(reported)).toEqual([
      `roles: The IAM role '${DEPLOY_ROLE}' already exists in account ${PROD_ACCOUNT} (${REGION}) and differs from what was requested: its trust policy differs. Slipway leaves it unchanged; compare it with the policy in the task log, or delete the role and re-run.`,
    ]);
    expect(changingCalls(world)).toEqual([]);

    // The advice, followed in the prod account: the role is created again
    // as run 1 made it (same ARN, so the pipeline and the key policy hold).
    await iam.send(
      new DeleteRolePolicyCommand({
        RoleName: DEPLOY_ROLE,
        PolicyName: LEAST_PRIVILEGE,
      }),
    );
    await iam.send(new DeleteRoleCommand({ RoleName: DEPLOY_ROLE }));
    world.faults.arm();
    const restored = await world.runTemplate(COMPONENT, 'rolling');
    expect(warningsOf(restored)).toEqual([]);
    expect(restored.roles.outputs.createdRoles).toEqual([
      `${PROD_ACCOUNT}:${DEPLOY_ROLE}`,
    ]);
    expect(changingCalls(world)).toEqual([
      'IAM.CreateRole',
      'IAM.PutRolePolicy',
    ]);
    await expectAsAfterFirstRun(world, afterFirst);
  });

  it('the owner’s e-mail, given as alertEmails, joined the prod account’s topic in run 1 and is not subscribed again', async () => {
    // The template's service step for prod, with the owner group's e-mail:
    // run 1 subscribed it; running the step again leaves the topic as it is.
    const servicePlusOwner = {
      component: COMPONENT,
      namespace: 'default',
      owner: OWNER,
      environment: 'prod',
      repositoryUri: first.ecr.outputs.repositoryUri,
      executionRoleArn: first.roles.outputs.taskExecutionRoleArn,
      containerPort: 8080,
      desiredCount: 2,
      healthCheckPath: '/health',
      deploymentController: 'ecs',
      alarmTopicArn: first.alerts.outputs.topicArn,
      alertEmails: [TEAM_EMAIL],
    };
    world.faults.arm();
    const again = await world.run(
      'slipway:ecs:create-service',
      servicePlusOwner,
    );
    expect(changingCalls(world)).toEqual([]);
    expect(infoOf(again)).toContain(
      `${TEAM_EMAIL} is already subscribed to ${prodTopicArn}`,
    );
    expect(comparableOutputs(again)).toEqual(
      comparableOutputs(first['service-prod']),
    );

    const now = await readAccounts(world);
    const subscriptionsOf = (account: string) =>
      now[account].s.alertTopics.map((t: any) => [t.arn, t.subscriptions]);
    // Every account's alert topic now mails the owner.
    expect(subscriptionsOf(PROD_ACCOUNT)).toEqual([
      [prodTopicArn, [...ALERT_EMAILS.prod, TEAM_EMAIL].map(e => ['email', e])],
    ]);
    expect(subscriptionsOf(ACCOUNT)).toEqual([
      [
        first.alerts.outputs.topicArn,
        expect.arrayContaining([['email', TEAM_EMAIL]]),
      ],
    ]);
  });

  it('teardown leaves nothing in either account', async () => {
    const teardown = await world.teardown(COMPONENT);
    expect(teardown.error).toBeUndefined();
    expect(teardown.outputs.skipped).toEqual([]);
    const after = await readAccounts(world);
    for (const account of [ACCOUNT, PROD_ACCOUNT]) {
      const { s, reads } = after[account];
      expect([account, total(s)]).toEqual([account, 0]);
      expect(reads.pipelines).toEqual([]);
      expect(reads.repositoryPolicies).toEqual({});
      expect(reads.artifactKeys).toEqual([]);
      // The one key of run 1, scheduled for deletion; no other.
      expect(reads.keyStates).toEqual(
        mapValues(afterFirst[account].reads.keyStates, () => 'PendingDeletion'),
      );
    }
    expect(await world.inventory(HOME)).toEqual([]);
    expect(await world.inventory(PROD)).toEqual([]);
  });
});
