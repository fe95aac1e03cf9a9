import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Reads `slipway.tags`: extra tags for every resource Slipway creates. */
export function readExtraTags(config: Config): Record<string, string> {
  // Read the raw object: tag keys may contain dots, which Config treats as nesting.
  const tags =
    config.getOptional<Record<string, unknown>>('slipway.tags') ?? {};
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string') {
      throw new InputError(`slipway.tags.${key} must be a string`);
    }
  }
  return tags as Record<string, string>;
}
