/** Variables that could lead an AWS client to a real account: removed from the local world's environment. */
export const REAL_AWS_VARIABLES = [
  'AWS_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
] as const;

/**
 * What every AWS client (SDK for JavaScript, boto3, the AWS CLI) needs to
 * talk to the local world: its endpoint, placeholder credentials, the region,
 * no instance metadata lookups and no retries (a failure is an answer here,
 * never a transient fault).
 */
export function localWorldEnv(
  endpoint: string,
  region = 'us-east-1',
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
}

/**
 * Points this process's AWS clients at the local world (and away from any
 * real account); returns a function that restores the environment.
 */
export function useLocalWorldEnv(env: Record<string, string>): () => void {
  const keys = [...Object.keys(env), ...REAL_AWS_VARIABLES];
  const saved = Object.fromEntries(keys.map(key => [key, process.env[key]]));
  REAL_AWS_VARIABLES.forEach(key => delete process.env[key]);
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
