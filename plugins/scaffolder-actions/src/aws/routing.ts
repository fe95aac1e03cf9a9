import { ConflictError } from '@backstage/errors';
import {
  requireLoadBalancer,
  SlipwayEnvironment,
} from '../config/environments';
import type {
  ListenerRule,
  LoadBalancing,
  RouteCondition,
  TargetGroupRequest,
} from './elbv2';
import {
  ensure,
  Run,
  settingDifference,
  refuseUnlessOwned,
} from './lookBeforeCreate';
import { ownershipProblems } from './tags';

/**
 * How requests reach one service through its environment's load balancer:
 * host routing (`<name>.<domain>`) or path routing (`<pathPrefix>/<name>`),
 * from `slipway.environments.<env>.loadBalancer`.
 */
export interface ServiceRoute {
  routing: 'host' | 'path';
  productionListenerArn: string;
  testListenerArn?: string;
  condition: RouteCondition;
  /** `<pathPrefix>/<name>` in path mode (the app's SCRIPT_NAME); '' in host mode. */
  basePath: string;
  /** What the load balancer and the container probe: `<basePath><healthPath>`. */
  healthCheckPath: string;
}

/** Where a service answers. */
export interface ServiceAddress {
  url: string;
  basePath: string;
  condition: RouteCondition;
}

/** The public side of a listener: what a URL is made of. */
export interface Entrance {
  protocol: string;
  port: number;
  loadBalancerArn: string;
  dnsName: string;
}

/**
 * The route of the service `name` in the environment; pure, so a dry run
 * plans it without calling AWS.
 * @param healthPath the application's own health path, default `/health`.
 * @throws InputError naming the missing load balancer key (requireLoadBalancer).
 */
export function serviceRoute(
  environment: SlipwayEnvironment,
  name: string,
  healthPath = '/health',
): ServiceRoute {
  const settings = requireLoadBalancer(environment);
  const basePath =
    settings.routing === 'path' ? `${settings.pathPrefix ?? ''}/${name}` : '';
  return {
    routing: settings.routing,
    productionListenerArn: settings.productionListenerArn,
    testListenerArn: settings.testListenerArn,
    condition:
      settings.routing === 'host'
        ? { field: 'host-header', values: [`${name}.${settings.domain}`] }
        : { field: 'path-pattern', values: [basePath, `${basePath}/*`] },
    basePath,
    healthCheckPath: `${basePath}${healthPath}`,
  };
}

/**
 * The service's URL: the scheme (and a non-default port) from the listener,
 * the host from the route (host mode) or the load balancer's DNS name (path
 * mode). Without `entrance` (dry run) the parts AWS would tell are
 * placeholders.
 */
export function serviceAddress(
  route: ServiceRoute,
  entrance?: Entrance,
): ServiceAddress {
  let origin: string;
  if (!entrance) {
    origin = `http(s)://${
      route.routing === 'host'
        ? route.condition.values[0]
        : '<load balancer DNS name>'
    }`;
  } else {
    const scheme = entrance.protocol === 'HTTPS' ? 'https' : 'http';
    const defaultPort = scheme === 'https' ? 443 : 80;
    const host =
      route.routing === 'host' ? route.condition.values[0] : entrance.dnsName;
    origin = `${scheme}://${host}${
      entrance.port === defaultPort ? '' : `:${entrance.port}`
    }`;
  }
  return {
    url: `${origin}${route.basePath}`,
    basePath: route.basePath,
    condition: route.condition,
  };
}

/** The listener's protocol and port and its load balancer's ARN and DNS name. */
export async function lookUpEntrance(
  elb: LoadBalancing,
  listenerArn: string,
): Promise<Entrance> {
  const listener = await elb.listener(listenerArn);
  const loadBalancer = await elb.loadBalancer(listener.loadBalancerArn);
  return {
    protocol: listener.protocol,
    port: listener.port,
    loadBalancerArn: listener.loadBalancerArn,
    dnsName: loadBalancer.dnsName,
  };
}

/** "host orders.dev.example.com" or "path /services/orders, /services/orders/*". */
export function describeCondition(condition: {
  field: string;
  values: string[];
}): string {
  const kind = condition.field === 'host-header' ? 'host' : 'path';
  return `${kind} ${condition.values.join(', ')}`;
}

/**
 * Look-before-create for a service's target group (HTTP, ip targets,
 * tagged); an existing one is reused only when it is this component's.
 */
export async function ensureTargetGroup(
  run: Run,
  elb: LoadBalancing,
  request: TargetGroupRequest,
): Promise<string> {
  const what = `the target group '${request.name}'`;
  const { value } = await ensure(run, {
    what,
    find: () => elb.findTargetGroup(request.name),
    differences: async existing => {
      refuseUnlessOwned(
        run,
        what,
        await elb.tags(existing.arn),
        'delete it or choose another component name',
      );
      return [
        ...settingDifference('its port is', existing.port, request.port),
        ...settingDifference('its VPC is', existing.vpcId, request.vpcId),
        ...settingDifference('its target type is', existing.targetType, 'ip'),
        ...settingDifference(
          'its health check path is',
          existing.healthCheckPath,
          request.healthCheckPath,
        ),
      ];
    },
    advice: 'delete it or adjust it in the EC2 console',
    reuse: existing => existing.arn,
    create: () => elb.createTargetGroup(request, run.tags),
    remove: arn => elb.deleteTargetGroup(arn),
  });
  return value;
}

/** How often a new rule looks for another free priority after PriorityInUse. */
const PRIORITY_ATTEMPTS = 5;
const MAX_PRIORITY = 50000;

function sameCondition(
  conditions: { field: string; values: string[] }[],
  wanted: RouteCondition,
): boolean {
  const key = (c: { field: string; values: string[] }) =>
    `${c.field}=${[...c.values].sort().join('|')}`;
  return conditions.length === 1 && key(conditions[0]) === key(wanted);
}

function lowestFreePriority(rules: ListenerRule[]): number {
  const used = new Set(rules.map(r => Number(r.priority)));
  let priority = 1;
  while (used.has(priority)) priority += 1;
  if (priority > MAX_PRIORITY) {
    throw new ConflictError(
      `The listener has no free rule priority (all of 1 to ${MAX_PRIORITY} are taken)`,
    );
  }
  return priority;
}

/**
 * Look-before-create for the listener rule that sends the service's requests
 * to its target group (the first of `targetGroupArns`). A rule forwarding to
 * any of `targetGroupArns` is ours and reused (CodeDeploy swaps blue and
 * green behind it); a rule of someone else with the same condition is an
 * error; otherwise the rule takes the lowest free priority, and the next one
 * when another run took it meanwhile.
 */
export async function ensureListenerRule(
  run: Run,
  elb: LoadBalancing,
  request: {
    listenerArn: string;
    condition: RouteCondition;
    targetGroupArns: string[];
  },
): Promise<{ arn: string; priority: number; created: boolean }> {
  const { listenerArn, condition, targetGroupArns } = request;
  const routes = describeCondition(condition);
  let rules: ListenerRule[] = [];
  const what = `the rule routing ${routes} on the listener ${listenerArn}`;
  const { value, created } = await ensure(run, {
    what,
    find: async () => {
      rules = await elb.rules(listenerArn);
      const ours = rules.find(r =>
        r.targetGroupArns.some(arn => targetGroupArns.includes(arn)),
      );
      if (ours) return ours;
      const clash = rules.find(r => sameCondition(r.conditions, condition));
      if (clash) {
        const problems = ownershipProblems(
          await elb.tags(clash.arn),
          run.subject,
        );
        throw new ConflictError(
          `The listener ${listenerArn} already routes ${routes} to ${
            clash.targetGroupArns.join(', ') || 'something else'
          } (rule ${clash.arn}, priority ${clash.priority}${
            problems.length ? `; ${problems.join(', ')}` : ''
          }) ${
            run.where
          }. Two services cannot answer on the same host or path: choose another component name, or delete that rule if nothing uses it.`,
        );
      }
      return undefined;
    },
    differences: async rule => {
      refuseUnlessOwned(
        run,
        `the rule ${rule.arn}, which forwards to this service's target group,`,
        await elb.tags(rule.arn),
        'delete the rule and run again to have it recreated',
      );
      return sameCondition(rule.conditions, condition)
        ? []
        : [
            `it routes ${rule.conditions
              .map(describeCondition)
              .join(' and ')} (requested ${routes})`,
          ];
    },
    advice: 'delete the rule and run again to have it recreated',
    reuse: rule => ({ arn: rule.arn, priority: Number(rule.priority) }),
    create: async () => {
      for (let attempt = 1; ; attempt += 1) {
        const priority = lowestFreePriority(rules);
        const arn = await elb.createForwardRule({
          listenerArn,
          priority,
          condition,
          targetGroupArn: targetGroupArns[0],
          tags: run.tags,
        });
        if (arn !== undefined) return { arn, priority };
        if (attempt === PRIORITY_ATTEMPTS) {
          throw new ConflictError(
            `Could not add the rule routing ${routes} to the listener ${listenerArn} ${run.where}: the free priorities were taken by other rules ${PRIORITY_ATTEMPTS} times in a row; run the task again`,
          );
        }
        rules = await elb.rules(listenerArn);
      }
    },
    remove: rule => elb.deleteRule(rule.arn),
  });
  warnIfShadowed(run, rules, value.priority, listenerArn, routes);
  return { ...value, created };
}

/** A catch-all path rule evaluated before ours answers every request itself. */
function warnIfShadowed(
  run: Run,
  rules: ListenerRule[],
  priority: number,
  listenerArn: string,
  routes: string,
): void {
  const catchAll = rules.find(
    r =>
      !r.isDefault &&
      Number(r.priority) < priority &&
      r.conditions.length === 1 &&
      r.conditions[0].field === 'path-pattern' &&
      r.conditions[0].values.some(v => v === '/*' || v === '*'),
  );
  if (catchAll) {
    run.logger.warn(
      `The rule ${catchAll.arn} (priority ${catchAll.priority}) on the listener ${listenerArn} matches every path and is evaluated before the rule routing ${routes} (priority ${priority}): requests will not reach this service until it is removed or narrowed`,
    );
  }
}
