import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Parses with a schema, or fails with a 400 that names the offending fields. */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = result.error.issues
      .map(issue => `${issue.path.join('.') || what}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${fields}`);
  }
  return result.data;
}
