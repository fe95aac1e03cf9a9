/* eslint-disable no-script-url -- hostile `javascript:` tag values are the input these tests feed in */
import { safeServiceUrl } from './serviceUrl';

describe('safeServiceUrl', () => {
  it.each([
    'https://orders.dev.example.com',
    'http://internal-slipway-dev-123.eu-west-1.elb.amazonaws.com/services/orders',
    'https://orders.dev.example.com:8443/',
  ])('keeps the web URL %s as written', url => {
    expect(safeServiceUrl(url)).toBe(url);
  });

  it.each([
    ['a script', 'javascript:alert(document.cookie)'],
    ['a script in capitals', 'JavaScript:alert(1)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['another scheme', 'ftp://orders.dev.example.com'],
    ['a relative path', '/services/orders'],
    ['a host without scheme', 'orders.dev.example.com'],
    ['credentials', 'https://bank.example.com@evil.example.com'],
    ['a leading space', ' javascript:alert(1)'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['a newline', 'https://orders.dev.example.com/\n'],
    ['nothing', ''],
    ['no tag', undefined],
  ])('drops %s', (_situation, value) => {
    expect(safeServiceUrl(value)).toBeUndefined();
  });
});
