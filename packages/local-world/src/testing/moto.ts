import { startMoto } from '../launcher/moto';
import { upstreamQuery } from '../server/upstream';

/** The launcher's moto_server (patched, see launcher/moto_server.py) on a free port of 127.0.0.1, once it answers. */
export async function startMotoServer(): Promise<{
  url: string;
  stop(): Promise<void>;
}> {
  const moto = await startMoto();
  return { url: moto.url, stop: moto.stop };
}

/**
 * The IAM role `pipeline` that moto's CreatePipeline wants a pipeline's
 * roleArn to name (IAM speaks the query protocol); returns its ARN.
 */
export async function createPipelineRole(endpoint: string): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: 'pipeline',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'codepipeline.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }).toString(),
  });
  const text = await response.text();
  if (response.status !== 200 && !text.includes('EntityAlreadyExists')) {
    throw new Error(`CreateRole pipeline: HTTP ${response.status} ${text}`);
  }
  return 'arn:aws:iam::123456789012:role/pipeline';
}

/**
 * An IAM role in moto, in the account its ARN names
 * (`arn:aws:iam::<account>:role/<path>/<name>`), that the home account may
 * assume (a cross-account deploy role).
 */
export async function createRole(
  endpoint: string,
  roleArn: string,
): Promise<string> {
  const match = /^arn:aws:iam::(\d{12}):role(\/(?:.*\/)?)([^/]+)$/.exec(
    roleArn,
  );
  if (!match) throw new Error(`not a role ARN: ${roleArn}`);
  const [, accountId, rolePath, roleName] = match;
  const { status, text } = await upstreamQuery(
    endpoint,
    { accountId, region: 'us-east-1' },
    'iam',
    {
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: roleName,
      Path: rolePath,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    },
  );
  if (status !== 200 && !text.includes('EntityAlreadyExists')) {
    throw new Error(`CreateRole ${roleArn}: HTTP ${status} ${text}`);
  }
  return roleArn;
}
