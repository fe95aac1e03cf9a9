import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Ownership, ownershipProblems, TagMap } from './tags';

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What one action run created, and how to delete it again. When a later step
 * of the same run fails, {@link Rollback.run} deletes those resources newest
 * first, so that a failure leaves no orphan and a retry starts clean.
 */
export class Rollback {
  private readonly steps: { what: string; remove: () => Promise<unknown> }[] =
    [];

  constructor(private readonly logger: LoggerService) {}

  /** `what` reads like "the ECR repository 'orders'". */
  created(what: string, remove: () => Promise<unknown>): void {
    this.steps.push({ what, remove });
  }

  async run(): Promise<void> {
    for (const { what, remove } of this.steps.splice(0).reverse()) {
      try {
        await remove();
        this.logger.info(
          `Deleted ${what} that this run created, so that a retry starts clean`,
        );
      } catch (cleanupError) {
        this.logger.error(
          `${capitalized(
            what,
          )} was created by this run but could not be deleted after the failure; delete it by hand. ${String(
            cleanupError,
          )}`,
        );
      }
    }
  }
}

/** Runs `fn`; if it fails, deletes what it recorded as created and rethrows. */
export async function withRollback<T>(
  logger: LoggerService,
  fn: (rollback: Rollback) => Promise<T>,
): Promise<T> {
  const rollback = new Rollback(logger);
  try {
    return await fn(rollback);
  } catch (error) {
    await rollback.run();
    throw error;
  }
}

/**
 * Why an existing resource is not this component's (empty when it is): the
 * component tag (namespaced, or the bare name of older resources), the owner
 * and `slipway:managed-by` must all match.
 */
export function componentTagDifference(
  tags: TagMap,
  subject: Ownership,
): string[] {
  const problems = ownershipProblems(tags, subject);
  return problems.length
    ? [
        `${problems.join(
          ', ',
        )}, so Slipway will neither change nor tear it down`,
      ]
    : [];
}

/** `<label> X (requested Y)` when the two differ; `label` reads like "scan on push is". */
export function settingDifference(
  label: string,
  actual: unknown,
  requested: unknown,
): string[] {
  const text = (value: unknown) =>
    typeof value === 'string' ? value : JSON.stringify(value);
  return text(actual) === text(requested)
    ? []
    : [`${label} ${text(actual)} (requested ${text(requested)})`];
}

/**
 * Logs that an existing resource is reused: a warning listing every
 * difference from the request (Slipway never changes it), or a plain note.
 */
export function reportExisting(
  logger: LoggerService,
  what: string,
  where: string,
  differences: string[],
  advice: string,
): void {
  if (differences.length) {
    logger.warn(
      `${capitalized(
        what,
      )} already exists ${where} and differs from what was requested: ${differences.join(
        '; ',
      )}. Slipway leaves it unchanged; ${advice}.`,
    );
    return;
  }
  logger.info(`${capitalized(what)} already exists ${where}; reusing it`);
}

/** `key=value` pairs for a plan line. */
export function describeTags(tags: TagMap): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** Whether two JSON texts (policies…) mean the same, whatever their formatting and key order. */
export function sameJsonDocument(a: string, b: string): boolean {
  const canonical = (text: string) => {
    try {
      return JSON.stringify(JSON.parse(text), (_key, value) =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).sort())
          : value,
      );
    } catch {
      return text;
    }
  };
  return canonical(a) === canonical(b);
}

/** What an action run needs to look before it creates, and to undo what it created. */
export interface Run {
  logger: LoggerService;
  rollback: Rollback;
  /** "in account 123456789012 (eu-west-1)" */
  where: string;
  subject: Ownership;
  tags: TagMap;
}

/**
 * Look-before-create, in one place: reuses the resource when it exists
 * (reporting how it differs from the request: Slipway never changes it),
 * otherwise creates it and records how to delete it if a later step fails.
 */
export async function ensure<E, T>(
  run: Run,
  resource: {
    /** Reads like "the target group 'orders-dev-b'". */
    what: string;
    find: () => Promise<E | undefined>;
    /** The existing resource's tags: reuse requires them to make it this component's. */
    ownerTags?: (existing: E) => Promise<TagMap> | TagMap;
    differences: (existing: E) => Promise<string[]> | string[];
    /** What the user can do about differences, e.g. "delete it or choose another name". */
    advice: string;
    reuse: (existing: E) => T;
    create: () => Promise<T>;
    remove: (created: T) => Promise<unknown>;
  },
): Promise<{ value: T; created: boolean }> {
  const existing = await resource.find();
  if (existing !== undefined) {
    if (resource.ownerTags) {
      refuseUnlessOwned(
        run,
        resource.what,
        await resource.ownerTags(existing),
        resource.advice,
      );
    }
    reportExisting(
      run.logger,
      resource.what,
      run.where,
      await resource.differences(existing),
      resource.advice,
    );
    return { value: resource.reuse(existing), created: false };
  }
  const value = await resource.create();
  run.rollback.created(resource.what, () => resource.remove(value));
  run.logger.info(`Created ${resource.what} ${run.where}`);
  return { value, created: true };
}

/**
 * Reuse requires ownership: an existing resource of the requested name is
 * reused only when its tags make it this component's (component, owner and
 * `slipway:managed-by`). Anything else is someone else's resource, and the
 * run stops before using or changing it.
 * @param what reads like "the ECR repository 'orders'".
 * @param advice what to do instead, e.g. "choose another repositoryName".
 * @throws ConflictError naming every tag that does not match.
 */
export function refuseUnlessOwned(
  run: Pick<Run, 'where' | 'subject'>,
  what: string,
  tags: TagMap,
  advice: string,
): void {
  const problems = ownershipProblems(tags, run.subject);
  if (problems.length) {
    throw new ConflictError(
      `${capitalized(what)} already exists ${
        run.where
      } and does not belong to '${run.subject.component}' (owner ${
        run.subject.owner
      }): ${problems.join(
        '; ',
      )}. Slipway neither uses nor changes it; ${advice}.`,
    );
  }
}
