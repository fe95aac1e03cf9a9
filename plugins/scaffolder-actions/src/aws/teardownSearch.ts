import type { SlipwayEnvironment } from '../config/environments';
import type { AwsClientFactory, AwsTarget } from './clients';
import { withAwsErrors } from './errors';
import { teardownAws } from './teardownClients';
import {
  componentTagValues,
  Ownership,
  ownershipProblems,
  SLIPWAY_TAG_KEYS,
  TagMap,
} from './tags';
import {
  describeResource,
  KindResource,
  kindOf,
  TEARDOWN_KINDS,
  TeardownAws,
  TeardownKind,
} from './teardownKinds';

/** Whose resources a teardown removes, and where. */
export interface TeardownRequest {
  /** `<namespace>/<name>` and owner: every resource removed carries both, and managed-by. */
  subject: Ownership;
  /** The bare component name: what the resources are named after. */
  component: string;
  environments: SlipwayEnvironment[];
  /** Only resources tagged slipway:created-by-task=<this> (a failed run's clean-up). */
  createdByTask?: string;
}

/** One resource teardown will remove, in removal order. */
export interface Removal {
  kind: TeardownKind;
  resource: KindResource;
  target: AwsTarget;
  /** "ECS service dev-cluster/orders" */
  description: string;
  /** "in account 123456789012 (eu-west-1)" */
  where: string;
  /** Removes it; AWS failures come back as developer errors (NotFoundError when already gone). */
  remove(): Promise<void>;
}

/**
 * Why teardown must leave a resource with these tags in place (empty when it
 * may remove it): it must belong to the component and owner and be managed
 * by Slipway; carry one of the environments asked for, if it names one; and,
 * for a failed run's clean-up, have been created by that run's task.
 */
export function teardownProblems(
  tags: TagMap,
  request: Pick<TeardownRequest, 'subject' | 'environments' | 'createdByTask'>,
): string[] {
  const problems = ownershipProblems(tags, request.subject);
  const environment = tags[SLIPWAY_TAG_KEYS.environment];
  const asked = request.environments.map(e => e.name);
  if (environment && !asked.includes(environment)) {
    problems.push(
      `it belongs to the environment '${environment}' (tag ${
        SLIPWAY_TAG_KEYS.environment
      }), not ${asked.map(name => `'${name}'`).join(' or ')}`,
    );
  }
  const { createdByTask } = request;
  const task = tags[SLIPWAY_TAG_KEYS.createdByTask];
  if (createdByTask && task !== createdByTask) {
    problems.push(
      task
        ? `it was created by the task ${task}, not ${createdByTask}`
        : `it is not tagged ${SLIPWAY_TAG_KEYS.createdByTask}=${createdByTask}`,
    );
  }
  return problems;
}

/**
 * Finds what teardown removes: in each account and region, the resources the
 * tagging API lists for the component, plus those with the component's known
 * names (the tagging API omits IAM, untagged and legacy resources, and its
 * index may lag); then reads each one's own tags. Returns the removals in the
 * kinds table's order and, for everything left in place, why.
 */
export async function findRemovals(
  clients: AwsClientFactory,
  request: TeardownRequest,
): Promise<{ removals: Removal[]; skipped: string[] }> {
  const removals: Removal[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  const globalDone = new Set<string>();
  for (const { target, environments, artifactKeyHome } of teardownTargets(
    request.environments,
  )) {
    const aws = teardownAws(clients, target);
    const found = await findCandidates(aws, request, environments, globalDone, {
      artifactKeyHome,
    });
    const fresh = [...found].filter(([arn]) => !seen.has(arn));
    fresh.forEach(([arn]) => seen.add(arn));
    const judged = await Promise.all(
      fresh.map(([arn, named]) => judge(aws, request, arn, named)),
    );
    for (const { removal, skip } of judged) {
      if (removal) removals.push(removal);
      if (skip) skipped.push(skip);
    }
  }
  const order = (r: Removal) => TEARDOWN_KINDS.indexOf(r.kind);
  return { removals: removals.sort((a, b) => order(a) - order(b)), skipped };
}

/**
 * ARN → named: what the tagging API lists for the component, and what each
 * kind finds by the component's names, in one account and region. Named
 * (tagged for or named after the component) ones that must stay are reported.
 */
async function findCandidates(
  aws: TeardownAws,
  request: TeardownRequest,
  environments: SlipwayEnvironment[],
  globalDone: Set<string>,
  { artifactKeyHome }: { artifactKeyHome: boolean },
): Promise<Map<string, boolean>> {
  const { target } = aws;
  const candidates = new Map<string, boolean>();
  // A region of the pipeline's account that no requested environment is in
  // holds at most an artifact key: only that is looked for there.
  const keyOnly = !environments.length;
  if (!keyOnly) {
    const tagging = await aws.get('tagging');
    for (const arn of await tagging.arnsTagged(
      SLIPWAY_TAG_KEYS.component,
      componentTagValues(request.subject.component),
    )) {
      candidates.set(arn, true);
    }
  }
  for (const kind of TEARDOWN_KINDS) {
    if (keyOnly && kind.id !== 'kmsKey') continue;
    const key = `${kind.id}|${target.accountId}`;
    if (kind.global && globalDone.has(key)) continue;
    globalDone.add(key);
    const found = await withAwsErrors(
      {
        doing: `find the ${kind.label} named after '${request.component}'`,
        target,
      },
      () =>
        kind.find(aws, {
          component: request.component,
          environments,
          artifactKeyHome,
        }),
    );
    for (const { arn, named } of found) {
      candidates.set(arn, named || !!candidates.get(arn));
    }
  }
  return candidates;
}

/** Reads the candidate's own tags: a removal, a reason to leave it, or nothing (gone, or someone else's). */
async function judge(
  aws: TeardownAws,
  request: TeardownRequest,
  arn: string,
  named: boolean,
): Promise<{ removal?: Removal; skip?: string }> {
  const { target } = aws;
  const where = `in account ${target.accountId} (${target.region})`;
  const located = kindOf(arn);
  if (!located) {
    return {
      skip: `${arn} ${where}: teardown does not remove this kind of resource; remove it by hand if it is no longer needed`,
    };
  }
  const { kind, resource } = located;
  const description = describeResource(kind, resource);
  const tags = await withAwsErrors(
    { doing: `read the tags of the ${description}`, target },
    () => kind.readTags(aws, resource),
  );
  if (!tags) return {}; // already gone
  const problems = teardownProblems(tags, request);
  if (!problems.length) {
    const remove = () =>
      withAwsErrors({ doing: `remove the ${description}`, target }, () =>
        kind.remove(aws, resource),
      );
    return { removal: { kind, resource, target, description, where, remove } };
  }
  // Another component's resource met while listing is none of our business.
  const ours = componentTagValues(request.subject.component);
  return named || ours.includes(tags[SLIPWAY_TAG_KEYS.component])
    ? { skip: `${description} ${where}: ${problems.join('; ')}` }
    : {};
}

/**
 * Where teardown looks: every requested environment's account and region;
 * and when they span accounts, every region of them in the pipeline's
 * account (the first environment's), where its artifact keys live.
 */
function teardownTargets(environments: SlipwayEnvironment[]): {
  target: AwsTarget;
  environments: SlipwayEnvironment[];
  artifactKeyHome: boolean;
}[] {
  const home = environments[0];
  const crossAccount = environments.some(e => e.accountId !== home.accountId);
  const targets = byTarget(environments);
  if (crossAccount) {
    for (const region of new Set(environments.map(e => e.region))) {
      const visited = targets.some(
        ([t]) => t.accountId === home.accountId && t.region === region,
      );
      if (!visited) targets.push([{ accountId: home.accountId, region }, []]);
    }
  }
  return targets.map(([target, inTarget]) => ({
    target,
    environments: inTarget,
    artifactKeyHome: crossAccount && target.accountId === home.accountId,
  }));
}

/** The environments grouped by account and region, in the order given. */
function byTarget(
  environments: SlipwayEnvironment[],
): [AwsTarget, SlipwayEnvironment[]][] {
  const groups = new Map<string, [AwsTarget, SlipwayEnvironment[]]>();
  for (const environment of environments) {
    const { accountId, region } = environment;
    const key = `${accountId}|${region}`;
    if (!groups.has(key)) groups.set(key, [{ accountId, region }, []]);
    groups.get(key)![1].push(environment);
  }
  return [...groups.values()];
}
