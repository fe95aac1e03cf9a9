import {
  MotoServer,
  startMotoServer,
  verifyPy,
} from './__testUtils__/motoServer';
import {
  conditionOf,
  expectedRoute,
  namesOwnedBy,
  ownedBy,
  snapshot,
  Snapshot,
  total,
} from './__testUtils__/snapshot';
import { ActionRun, ENVIRONMENTS, World } from './__testUtils__/world';

/**
 * Two services (two catalog components) in the same environments, one
 * rolling and one blue/green: each has its own target groups and listener
 * rules, with different priorities and conditions, and a request routed by
 * the listener (ALB rule evaluation over the rules moto holds, verify.py
 * route) reaches each one's target group. Tearing one down leaves the other
 * exactly as it was and removes every resource of the first.
 */

jest.setTimeout(180_000);

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
});

const ROLLING = 'refunds-api';
const BLUE_GREEN = 'ledger';

interface Routed {
  rule?: string;
  priority?: string;
  targetGroups?: string[];
  fixedResponse?: string;
}

/** Where the environment's listener sends a request for `path` under the component's route. */
function routeTo(
  world: World,
  listenerArn: string,
  component: string,
  environment: string,
  path: string,
): Promise<Routed> {
  const route = expectedRoute(component, environment, world.platform);
  const host =
    route.condition.field === 'host-header'
      ? route.condition.values[0]
      : world.platform.environments[environment].loadBalancerDnsName;
  return verifyPy<Routed>(
    'route',
    listenerArn,
    host,
    `${route.basePath}${path}` || '/',
  );
}

/** The component's service target group in an environment: its own (rolling) or blue. */
function serviceTargetGroup(
  steps: Record<string, ActionRun>,
  environment: string,
): string {
  return (
    steps[`targets-${environment}`]?.outputs.blueTargetGroupArn ??
    steps[`service-${environment}`].outputs.targetGroupArn
  );
}

async function provisionBoth(world: World) {
  const rolling = await world.runTemplate(ROLLING, 'rolling');
  const blueGreen = await world.runTemplate(BLUE_GREEN, 'canary');
  return { rolling, blueGreen };
}

describe('two services in one environment, against moto_server', () => {
  it('each has its own target group and listener rule, with different priorities and conditions, and requests reach each', async () => {
    const world = await World.create();
    const { rolling, blueGreen } = await provisionBoth(world);
    const s = await snapshot();
    const figures: string[] = [];

    for (const environment of ENVIRONMENTS) {
      const platform = world.platform.environments[environment];
      const groups: Record<string, string> = {
        [ROLLING]: serviceTargetGroup(rolling, environment),
        [BLUE_GREEN]: serviceTargetGroup(blueGreen, environment),
      };
      expect(groups[ROLLING]).not.toEqual(groups[BLUE_GREEN]);

      // Production listener: one rule per service, distinct priority and condition.
      const production = s.listenerRules.filter(
        r => r.listenerArn === platform.productionListenerArn,
      );
      const ruleOf = (component: string) =>
        production.filter(r => r.forwardTo.includes(groups[component]));
      expect(ruleOf(ROLLING)).toHaveLength(1);
      expect(ruleOf(BLUE_GREEN)).toHaveLength(1);
      const [a] = ruleOf(ROLLING);
      const [b] = ruleOf(BLUE_GREEN);
      expect(a.priority).not.toEqual(b.priority);
      expect(conditionOf(a)).toEqual([
        expectedRoute(ROLLING, environment, world.platform).condition,
      ]);
      expect(conditionOf(b)).toEqual([
        expectedRoute(BLUE_GREEN, environment, world.platform).condition,
      ]);
      expect(new Set(production.map(r => r.priority)).size).toBe(
        production.length,
      );

      // Requests routed by the listener's rules reach each service.
      for (const [component, path] of [
        [ROLLING, '/health'],
        [ROLLING, '/refunds/42'],
        [BLUE_GREEN, '/health'],
        [BLUE_GREEN, ''],
      ]) {
        const routed = await routeTo(
          world,
          platform.productionListenerArn,
          component,
          environment,
          path,
        );
        expect([component, path, routed.targetGroups]).toEqual([
          component,
          path,
          [groups[component]],
        ]);
      }
      // The blue/green service's test listener routes its host or path to it too.
      const tested = await routeTo(
        world,
        platform.testListenerArn,
        BLUE_GREEN,
        environment,
        '/health',
      );
      expect(tested.targetGroups).toEqual([groups[BLUE_GREEN]]);
      // A third service's host or path reaches neither: the listener's default.
      expect(
        await routeTo(
          world,
          platform.productionListenerArn,
          'unknown',
          environment,
          '/health',
        ),
      ).toMatchObject({ fixedResponse: '404' });
      figures.push(
        `${environment}: ${ROLLING} priority ${a.priority} ${JSON.stringify(
          conditionOf(a)[0].values,
        )}, ${BLUE_GREEN} priority ${b.priority} ${JSON.stringify(
          conditionOf(b)[0].values,
        )}`,
      );
    }
    // eslint-disable-next-line no-console
    console.log(
      `two services in one environment, each reached by its own rule:\n  ${figures.join(
        '\n  ',
      )}`,
    );
  });

  it('tearing down one of the two leaves the other fully intact and nothing of the first', async () => {
    const world = await World.create();
    const { blueGreen } = await provisionBoth(world);
    const before = await snapshot();
    const kept = ownedBy(before, BLUE_GREEN);
    expect(Object.keys(namesOwnedBy(before, ROLLING)).length).toBeGreaterThan(
      10,
    );

    const teardown = await world.teardown(ROLLING);
    expect(teardown.error).toBeUndefined();
    expect(teardown.outputs.skipped).toEqual([]);

    const after = await snapshot();
    // Nothing of the first is left, in any kind.
    expect(namesOwnedBy(after, ROLLING)).toEqual({});
    // Every resource of the second is still there, unchanged, with its tags.
    expect(ownedBy(after, BLUE_GREEN)).toEqual(kept);
    expect(total(after)).toBe(
      Object.values(kept).reduce((n, items) => n + items.length, 0),
    );
    expect(teardown.outputs.removed).toHaveLength(total(before) - total(after));
    // …and it still answers on its own host or path.
    for (const environment of ENVIRONMENTS) {
      const platform = world.platform.environments[environment];
      const routed = await routeTo(
        world,
        platform.productionListenerArn,
        BLUE_GREEN,
        environment,
        '/health',
      );
      expect(routed.targetGroups).toEqual([
        serviceTargetGroup(blueGreen, environment),
      ]);
      expect(
        await routeTo(
          world,
          platform.productionListenerArn,
          ROLLING,
          environment,
          '/health',
        ),
      ).toMatchObject({ fixedResponse: '404' });
    }
    const kinds = (snap: Snapshot, component: string) =>
      Object.entries(namesOwnedBy(snap, component))
        .map(([kind, names]) => `${kind} ${names.length}`)
        .join(', ');
    // eslint-disable-next-line no-console
    console.log(
      `teardown of ${ROLLING} beside ${BLUE_GREEN}: removed ${
        teardown.outputs.removed.length
      } (${kinds(
        before,
        ROLLING,
      )}), ${ROLLING} left 0; ${BLUE_GREEN} kept ${total(after)} of ${total(
        after,
      )} unchanged (${kinds(after, BLUE_GREEN)})`,
    );
  });
});
