import type { LoggerService } from '@backstage/backend-plugin-api';
import { SLIPWAY_TAG_KEYS, TagMap } from './tags';

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

/** The difference, if any, between a resource's `slipway:component` tag and the request. */
export function componentTagDifference(
  tags: TagMap,
  component: string,
): string[] {
  const tagged = tags[SLIPWAY_TAG_KEYS.component];
  if (tagged === component) {
    return [];
  }
  return [
    tagged
      ? `it belongs to the component '${tagged}' (tag ${SLIPWAY_TAG_KEYS.component})`
      : `it is not tagged ${SLIPWAY_TAG_KEYS.component}=${component}, so Slipway's teardown will not remove it`,
  ];
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
