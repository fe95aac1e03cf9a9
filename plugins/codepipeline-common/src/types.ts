/** Whether the backend can reach AWS with the credentials it is configured with. */
export interface AwsConnectivity {
  /** Credentials could be resolved from `aws.*` config or the default chain. */
  configured: boolean;
  /** A call to AWS (STS GetCallerIdentity) succeeded. */
  reachable: boolean;
  /** The account the default credentials belong to, when reachable. */
  accountId?: string;
  /** What the operator can do about it, when not reachable. */
  message?: string;
  /** When this was last checked (ISO 8601). */
  checkedAt: string;
}

/** Response of `GET /api/codepipeline/v1/health`. */
export interface HealthResponse {
  status: 'ok';
  aws: AwsConnectivity;
}
