import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { Request } from 'express';
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

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
export const EXECUTION_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route parameters shared by the read and write routes. */
export const entityParams = z.object({
  kind: z.string().regex(NAME),
  namespace: z.string().regex(NAME),
  name: z.string().regex(NAME),
});
export const pipelineParams = entityParams.extend({
  pipelineArn: z.string().min(1).max(2048),
});
export const executionParams = pipelineParams.extend({
  executionId: z.string().regex(EXECUTION_ID),
});

/** The entity ref named by `:kind/:namespace/:name`, or a 400. */
export function entityRefOf(req: Request): string {
  return stringifyEntityRef(
    parse(entityParams, req.params, 'entity reference'),
  );
}
