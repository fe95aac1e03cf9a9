import { ServiceUnavailableError } from '@backstage/errors';
import { withAwsDeadline } from '@slipway/plugin-codepipeline-node';
import type { Request, Response } from 'express';

/** Default overall deadline of a read route (`codepipeline.responseDeadlineSeconds`). */
export const DEFAULT_RESPONSE_DEADLINE_MS = 8_000;

/**
 * Time after the deadline for the services to assemble what they have: AWS
 * calls fail at the deadline, and each becomes that resource's `timeout`
 * error. Only if something that is not an AWS call hangs (the catalog, say)
 * does the route give up as a whole, with a 503.
 */
const ASSEMBLY_GRACE_MS = 1_000;

/**
 * A read route with an overall deadline: every AWS call made while handling
 * it fails once `deadlineMs` have passed, so it answers with what it has,
 * and a per-resource `timeout` error for the rest.
 */
export function readRoute(
  deadlineMs: number,
  handler: (req: Request) => Promise<unknown>,
) {
  return async (req: Request, res: Response) => {
    res.json(await answerWithin(deadlineMs, () => handler(req)));
  };
}

/** Runs `work` under an AWS deadline, and gives up on it shortly after. */
export async function answerWithin<T>(
  deadlineMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const backstop = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ServiceUnavailableError(
            `No answer within ${(
              (deadlineMs + ASSEMBLY_GRACE_MS) /
              1000
            ).toFixed(1)} s; try again in a moment.`,
          ),
        ),
      deadlineMs + ASSEMBLY_GRACE_MS,
    );
  });
  try {
    return await Promise.race([withAwsDeadline(deadlineMs, work), backstop]);
  } finally {
    clearTimeout(timer);
  }
}
