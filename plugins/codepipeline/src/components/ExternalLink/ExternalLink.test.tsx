import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ExternalLink } from './ExternalLink';

describe('ExternalLink', () => {
  it('opens the AWS console in a new tab without an opener, and says so', async () => {
    await renderInTestApp(
      <ExternalLink href="https://console.aws.amazon.com/codesuite/codepipeline/pipelines/checkout-web/view">
        checkout-web
      </ExternalLink>,
    );
    const link = screen.getByRole('link', {
      name: /^checkout-web\s?\(opens in a new tab\)$/,
    });
    expect(link).toHaveAttribute(
      'href',
      'https://console.aws.amazon.com/codesuite/codepipeline/pipelines/checkout-web/view',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });
});
