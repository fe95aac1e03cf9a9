/**
 * Accounts: moto keeps resources per account and picks a request's account
 * from its `x-moto-account-id` header, else from its access key (a key of
 * sts:AssumeRole belongs to the role's account; any other key, `testing`
 * included, to the default account). The local world's own calls to moto name
 * the account they act in, so each acts where its caller or its action does.
 */

/** An account and a region: where a resource lives and a call acts. */
export interface Place {
  accountId: string;
  region: string;
}

/** A region of the default account (as a `testing` caller), or an account and region. */
export type Where = string | Place;

/** The account moto gives callers it does not know (`testing`). */
export const defaultAccountId = () =>
  process.env.MOTO_ACCOUNT_ID ?? '123456789012';

export function placeOf(where: Where): Place {
  return typeof where === 'string'
    ? { accountId: defaultAccountId(), region: where }
    : where;
}

/** The account of an ARN (`arn:aws:iam::210987654321:role/x` → `210987654321`). */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** The access key of a SigV4 Authorization header. */
export function accessKeyOf(authorization: string | undefined) {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

const accountsByKey = new Map<string, Promise<string>>();

/** moto's own keys (IAM users' AKIA…, sts:AssumeRole's ASIA…); any other is the default account's. */
const MOTO_ISSUED_KEY = /^A[KS]IA/;

/**
 * The account moto acts in for an access key: the default account for keys
 * moto did not issue (`testing`), else STS GetCallerIdentity against the
 * upstream, asked once per key (a key never changes account).
 */
export function accountOfKey(
  upstream: string,
  accessKeyId: string | undefined,
): Promise<string> {
  if (!accessKeyId || !MOTO_ISSUED_KEY.test(accessKeyId)) {
    return Promise.resolve(defaultAccountId());
  }
  const cacheKey = `${upstream}|${accessKeyId}`;
  let account = accountsByKey.get(cacheKey);
  if (!account) {
    account = callerAccount(upstream, accessKeyId);
    accountsByKey.set(cacheKey, account);
    account.catch(() => accountsByKey.delete(cacheKey));
  }
  return account;
}

async function callerAccount(
  upstream: string,
  accessKeyId: string,
): Promise<string> {
  const response = await fetch(upstream, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  const text = await response.text();
  const account = /<Account>(\d{12})<\/Account>/.exec(text)?.[1];
  if (response.status !== 200 || !account) {
    throw new Error(
      `STS GetCallerIdentity upstream: HTTP ${response.status} ${text.slice(
        0,
        200,
      )}`,
    );
  }
  return account;
}
