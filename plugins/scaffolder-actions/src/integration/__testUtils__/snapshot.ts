import { verifyPyWith } from './motoServer';
import { componentRef, OWNER, Platform, ROUTING } from './world';

/** verify.py snapshot: every resource the Slipway actions manage, read with boto3, by kind. */
export type Snapshot = Record<string, any[]>;

/** In the account and region of `env`'s AWS variables (World.awsEnv); default the home account's. */
export const snapshot = (env: Record<string, string> = {}) =>
  verifyPyWith<Snapshot>(env, 'snapshot');

/** The task id createMockActionContext gives every action run. */
export const TASK_ID = 'mock-task-id';

/** The Slipway tags of a component's resources (environment-scoped ones also carry the environment). */
export function tagsOf(component: string, environment?: string) {
  return {
    'slipway:component': componentRef(component),
    'slipway:owner': OWNER,
    'slipway:managed-by': 'backstage',
    'slipway:created-by-task': TASK_ID,
    ...(environment && { 'slipway:environment': environment }),
  };
}

/** How many of each kind exist (task definitions also as families). */
export function counts(s: Snapshot): Record<string, number> {
  return {
    ...Object.fromEntries(
      Object.entries(s).map(([kind, items]) => [kind, items.length]),
    ),
    taskDefinitionFamilies: new Set(s.taskDefinitions.map(t => t.family)).size,
  };
}

/** All resources of a snapshot (task definition families not counted twice). */
export function total(s: Snapshot): number {
  return Object.values(s).reduce((sum, items) => sum + items.length, 0);
}

/**
 * Everything in the snapshot that carries the component's tag (namespaced,
 * or the bare legacy name), by kind, as full read-backs (tags included).
 */
export function ownedBy(s: Snapshot, component: string): Snapshot {
  const values = [componentRef(component), component];
  return Object.fromEntries(
    Object.entries(s)
      .map(([kind, items]) => [
        kind,
        items.filter(i => values.includes(i.tags?.['slipway:component'])),
      ])
      .filter(([, items]) => items.length),
  );
}

/** Like {@link ownedBy}, names only. */
export function namesOwnedBy(s: Snapshot, component: string) {
  return Object.fromEntries(
    Object.entries(ownedBy(s, component)).map(([kind, items]) => [
      kind,
      items.map(i => i.name ?? i.arn).sort(),
    ]),
  );
}

/** Resources of the snapshot carrying no slipway:component tag at all (should be none). */
export function untagged(s: Snapshot): string[] {
  return Object.entries(s).flatMap(([kind, items]) =>
    items
      .filter(i => !i.tags?.['slipway:component'])
      .map(i => `${kind} ${i.name ?? i.arn}`),
  );
}

/** Where each environment routes the component: condition, base path, URL, health check path. */
export function expectedRoute(
  component: string,
  environment: string,
  platform: Platform,
) {
  const { domain, pathPrefix } = ROUTING[environment];
  if (domain) {
    return {
      condition: { field: 'host-header', values: [`${component}.${domain}`] },
      basePath: '',
      url: `http://${component}.${domain}`,
      healthCheckPath: '/health',
    };
  }
  const basePath = `${pathPrefix}/${component}`;
  return {
    condition: {
      field: 'path-pattern',
      values: [basePath, `${basePath}/*`],
    },
    basePath,
    url: `http://${platform.environments[environment].loadBalancerDnsName}${basePath}`,
    healthCheckPath: `${basePath}/health`,
  };
}

/** The values of a listener rule condition, whichever spelling moto returns. */
export function conditionOf(rule: any) {
  return rule.conditions.map((c: any) => ({
    field: c.Field,
    values:
      c.HostHeaderConfig?.Values ?? c.PathPatternConfig?.Values ?? c.Values,
  }));
}
