/**
 * ECS service tag holding the URL the service answers on behind its
 * environment's load balancer, e.g. `https://orders.dev.example.com`. Slipway's
 * scaffolder actions set it when they create the service.
 */
export const SERVICE_URL_TAG = 'slipway:url';

/** Whitespace, or a C0/C1 control character (which URL parsers silently strip). */
function hasWhitespaceOrControl(value: string): boolean {
  return [...value].some(char => {
    const code = char.codePointAt(0)!;
    return /\s/.test(char) || code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

/**
 * `value` when it is an absolute `http:` or `https:` URL a browser may link to,
 * otherwise `undefined`. Tags are anyone-with-access data shown in the browser:
 * `javascript:`, `data:` and other schemes, URLs with credentials
 * (`https://bank.example@evil.example`), whitespace or control characters
 * are dropped rather than repaired.
 */
export function safeServiceUrl(value: string | undefined): string | undefined {
  if (!value || hasWhitespaceOrControl(value)) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const web = url.protocol === 'http:' || url.protocol === 'https:';
  if (!web || !url.hostname || url.username || url.password) {
    return undefined;
  }
  return value;
}
