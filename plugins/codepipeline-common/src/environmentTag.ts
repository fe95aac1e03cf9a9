/**
 * Tag on every Slipway-created resource that belongs to one environment, e.g.
 * `dev` or `prod`. The ECS views show it so a service's environments are told apart.
 */
export const ENVIRONMENT_TAG = 'slipway:environment';

const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/**
 * `value` when it is an environment name Slipway could have written (a letter
 * or digit, then up to 62 letters, digits, `_` or `-`), otherwise `undefined`.
 * Tags are anyone-with-access data shown in the browser: anything else is dropped.
 */
export function safeEnvironmentName(
  value: string | undefined,
): string | undefined {
  return value && ENVIRONMENT_NAME.test(value) ? value : undefined;
}
