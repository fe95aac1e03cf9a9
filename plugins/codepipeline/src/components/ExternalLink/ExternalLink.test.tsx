import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExternalLink } from './ExternalLink';

const CONSOLE_URL =
  'https://console.aws.amazon.com/codesuite/codepipeline/pipelines/checkout-web/view';

/**
 * The page's styles as the app has them: Backstage's baseline rule for every
 * `a` (its theme's CSS baseline, outside any cascade layer; the line its
 * `text-decoration: none` sets), then this component's stylesheet (jest maps
 * CSS modules to their bare class names, so the file is added as written).
 * jsdom applies no rule inside a cascade layer, which is how Backstage UI's own
 * link underline fares against that baseline in the browser, so a rule moved
 * into a layer fails here too.
 */
function addPageStyles() {
  const style = document.createElement('style');
  style.textContent = [
    'a { color: inherit; text-decoration-line: none; }',
    readFileSync(join(__dirname, 'ExternalLink.module.css'), 'utf8'),
  ].join('\n');
  document.head.append(style);
  return () => style.remove();
}

describe('ExternalLink', () => {
  it('opens the AWS console in a new tab without an opener, and says so', async () => {
    await renderInTestApp(
      <ExternalLink href={CONSOLE_URL}>checkout-web</ExternalLink>,
    );
    const link = screen.getByRole('link', {
      name: /^checkout-web\s?\(opens in a new tab\)$/,
    });
    expect(link).toHaveAttribute('href', CONSOLE_URL);
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it("stays underlined over Backstage's baseline, not told apart by colour alone", async () => {
    const removePageStyles = addPageStyles();
    try {
      await renderInTestApp(
        <p>
          Deployed by{' '}
          <ExternalLink href={CONSOLE_URL}>checkout-web</ExternalLink> from{' '}
          <a href="#commit">9f1c2ab</a>
        </p>,
      );
      // The baseline is in force: a plain link loses its underline.
      expect(
        getComputedStyle(screen.getByRole('link', { name: '9f1c2ab' }))
          .textDecorationLine,
      ).toBe('none');
      expect(
        getComputedStyle(screen.getByRole('link', { name: /^checkout-web/ }))
          .textDecorationLine,
      ).toBe('underline');
    } finally {
      removePageStyles();
    }
  });
});
