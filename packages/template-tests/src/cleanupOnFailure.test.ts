import path from 'node:path';
import {
  inventory,
  Inventory,
  inventoryCount,
  platformPy,
  motoForSuite,
} from './__testUtils__/processes';
import {
  Platform,
  runTemplate,
  stepStatuses,
  TemplateRun,
} from './__testUtils__/scaffolderRun';
import { defaultForm, FormInput, Routing } from './__testUtils__/variants';

/**
 * A template run that fails after its AWS steps removes what it created: the
 * template's last step (`if: failure()`) runs slipway:teardown scoped to the
 * run's task id, and the run's log lists what it removed. The failure is the
 * one a new user meets first: publishing to GitHub without a token (the real
 * publish:github, which fails before any request to GitHub). What is left is
 * read back with boto3, one list call per resource type
 * (__testUtils__/inventory.py), not through the actions' code or the tagging
 * API.
 */

jest.setTimeout(300_000);

const suite = motoForSuite('slipway-cleanup-');

const nothing = (found: Inventory) =>
  Object.fromEntries(Object.keys(found).map(kind => [kind, []]));

/** The cleanup step's log lines (its iterations, one per environment). */
const cleanupLog = (run: TemplateRun) =>
  run.events.filter(e => e.stepId === 'cleanup').map(e => e.message);

/** A run that publishes to GitHub without a token: it fails at `publish`. */
async function failingRun(
  form: FormInput,
  platform: Platform,
  routing: Routing,
) {
  const run = await runTemplate({ form, platform, routing });
  expect(run.status).toBe('failed');
  const statuses = stepStatuses(run);
  expect(statuses).toMatchObject({
    ownerGroup: 'completed',
    ecr: 'completed',
    roles: 'completed',
    build: 'completed',
    alerts: 'completed',
    service: 'completed',
    fetch: 'completed',
    publish: 'failed',
    pipeline: 'skipped',
  });
  // The cleanup ran, once per environment, and succeeded.
  expect({
    cleanup: statuses.cleanup,
    log: statuses.cleanup === 'completed' ? [] : cleanupLog(run).slice(-12),
  }).toEqual({ cleanup: 'completed', log: [] });
  expect(
    cleanupLog(run).filter(m => m.includes('Running step each')),
  ).toHaveLength(form.environments.length);
  expect(run.log.join('\n')).toContain(
    'No token available for host: github.com',
  );
  return run;
}

/**
 * What a teardown removes for an inventory: a topic goes with its
 * subscriptions and a rule with its targets, and a run that fails at
 * publishing never created the pipeline.
 */
const removable = (found: Inventory) =>
  Object.entries(found)
    .filter(
      ([kind]) =>
        !['snsSubscriptions', 'eventTargets', 'pipelines'].includes(kind),
    )
    .reduce((sum, [, items]) => sum + items.length, 0);

describe.each([
  { strategy: 'rolling' as const, routing: 'host' as Routing },
  { strategy: 'canary' as const, routing: 'path' as Routing },
])(
  'a template run that fails at publishing ($strategy)',
  ({ strategy, routing }) => {
    const form = (name: string): FormInput => ({
      ...defaultForm,
      name,
      strategy,
      repoUrl: `github.com?owner=acme&repo=${name}`,
    });
    const existingName = `${strategy}-kept`;
    let existingPlatform: Platform;
    /** What a complete run made for an existing service. */
    let existing: Inventory;

    beforeAll(async () => {
      existingPlatform = await platformPy<Platform>(
        suite.moto,
        'setup',
        `dev=${existingName}-dev`,
        `prod=${existingName}-prod`,
      );
      const complete = await runTemplate({
        form: form(existingName),
        platform: existingPlatform,
        routing,
        publishTo: path.join(suite.work, existingName),
      });
      if (complete.status !== 'completed') {
        throw new Error(
          `The complete run ${complete.status}:\n${complete.log
            .slice(-15)
            .join('\n')}`,
        );
      }
      existing = await inventory(suite.moto, existingName);
    });

    it('leaves nothing in moto, and its log lists what was removed', async () => {
      const name = `${strategy}-lost`;
      const platform = await platformPy<Platform>(
        suite.moto,
        'setup',
        `dev=${name}-dev`,
        `prod=${name}-prod`,
      );
      const before = await inventory(suite.moto);

      const run = await failingRun(form(name), platform, routing);

      // Nothing of the run is left, and nothing else was touched.
      const left = await inventory(suite.moto, name);
      expect(left).toEqual(nothing(left));
      expect(await inventory(suite.moto)).toEqual(before);

      // The run page lists what was removed, one line each: as many as a
      // complete run creates (but the pipeline), of every kind.
      const removedLines = cleanupLog(run).filter(m => /Removed the /.test(m));
      // eslint-disable-next-line no-console
      console.log(
        `${strategy}: the failed run's cleanup removed ${
          removedLines.length
        } resources:\n${removedLines.join('\n')}`,
      );
      expect(removedLines).toHaveLength(removable(existing));
      const removed = removedLines.join('\n');
      for (const resource of [
        ` ${name} `, // ECR repository
        `${name}-dev/${name}`, // ECS services
        `${name}-prod/${name}`,
        `${name}-build`, // CodeBuild project
        `${name}-codebuild`, // IAM roles
        `${name}-ecs-task-execution`,
        `${name}-alerts`, // SNS topic
        `${name}-pipeline-failed`, // EventBridge rule
        // alarms (on the service's target group, or the blue one)
        `${name}-dev${strategy === 'rolling' ? '' : '-b'}-target-5xx`,
        `/slipway/${name}/dev/ecs`, // log groups
        `/slipway/${name}/prod/ecs`,
        `${name}-dev:1`, // task definitions
        `${name}-prod:1`,
        'listener rule',
        ...(strategy === 'rolling'
          ? [`target group ${name}-dev `]
          : [`${name}-dev-b`, `${name}-dev-g`, 'CodeDeploy application']),
      ]) {
        expect({ resource, listed: removed.includes(resource) }).toEqual({
          resource,
          listed: true,
        });
      }
    });

    it('when it re-runs for an existing service, removes only what it created itself', async () => {
      expect(inventoryCount(existing).total).toBeGreaterThan(20);

      // The same form again: every AWS step reuses what the first run made,
      // then publishing fails (the repository cannot be created).
      await failingRun(form(existingName), existingPlatform, routing);

      expect(await inventory(suite.moto, existingName)).toEqual(existing);
    });
  },
);
