import type { Config } from '@backstage/config';

/**
 * `aws.sso`: console links open through the AWS IAM Identity Center (SSO)
 * access portal, signed in to the resource's own account with a role there.
 */
export interface ConsoleSsoSettings {
  /** The access portal's start URL, e.g. `https://my-sso.awsapps.com/start`. */
  startUrl: string;
  /** Permission set (role) to sign in with, in every account without its own. */
  roleName?: string;
  /** Per account id, the role to sign in with there. */
  roleNames: Record<string, string>;
}

/**
 * Turns a console URL for a resource into the link the user gets: the URL
 * itself, or — with `aws.sso` set and a role known for the resource's
 * account — the access portal's shortcut
 * `<startUrl>/#/console?account_id=…&role_name=…&destination=<console URL>`,
 * which signs in to that account before opening the page. Every console
 * link the backend builds goes through here.
 */
export class ConsoleLinks {
  constructor(private readonly sso?: ConsoleSsoSettings) {}

  to(accountId: string, consoleUrl: string): string {
    const roleName = this.sso?.roleNames[accountId] ?? this.sso?.roleName;
    if (!this.sso || !roleName) {
      return consoleUrl;
    }
    const query = [
      `account_id=${encodeURIComponent(accountId)}`,
      `role_name=${encodeURIComponent(roleName)}`,
      `destination=${encodeURIComponent(consoleUrl)}`,
    ].join('&');
    return `${this.sso.startUrl}/#/console?${query}`;
  }
}

/** Links straight to the console (no `aws.sso`). */
export const DIRECT_CONSOLE_LINKS = new ConsoleLinks();

/** Reads `aws.sso`; undefined when it is not set. */
export function readConsoleSsoSettings(
  config: Config,
): ConsoleSsoSettings | undefined {
  const sso = config.getOptionalConfig('aws.sso');
  if (!sso) {
    return undefined;
  }
  const startUrl = sso.getString('startUrl').trim().replace(/\/+$/, '');
  let protocol: string | undefined;
  try {
    protocol = new URL(startUrl).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:') {
    throw new Error(
      `aws.sso.startUrl must be the https URL of the IAM Identity Center access portal, e.g. https://my-sso.awsapps.com/start; got '${startUrl}'`,
    );
  }
  const roleNames: Record<string, string> = {};
  for (const account of sso.getOptionalConfigArray('accounts') ?? []) {
    roleNames[account.getString('accountId')] = account.getString('roleName');
  }
  return {
    startUrl,
    roleName: sso.getOptionalString('roleName'),
    roleNames,
  };
}
