import { screen } from '@testing-library/react';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { ResourceErrorPanel } from './ResourceErrorPanel';

describe('ResourceErrorPanel', () => {
  it('says AWS did not answer in time, as a warning, beside what did answer', async () => {
    await renderForEntity(
      <ResourceErrorPanel
        name="checkout-web"
        error={{
          kind: 'timeout',
          message:
            'AWS did not answer in time for pipeline checkout-web (CodePipeline GetPipelineState, 8.0 s); showing what arrived in time, it will be retried on the next refresh.',
        }}
      />,
    );

    const alert = screen.getByRole('alert', {
      name: 'checkout-web: AWS did not answer in time',
    });
    expect(alert).toHaveTextContent('CodePipeline GetPipelineState, 8.0 s');
    expect(alert).toHaveTextContent('asks AWS again at the next refresh');
    expect(alert).toHaveAttribute('data-status', 'warning');
  });

  it('says a tag lookup was cut at the ceiling, as information on the card', async () => {
    await renderForEntity(
      <ResourceErrorPanel
        name="aws.amazon.com/aws-codepipeline-tags env=prod"
        error={{
          kind: 'truncated',
          message:
            'More than 20 pipelines carry these tags; showing the first 20. Narrow the annotation, or raise codepipeline.maxResourcesPerKind.',
        }}
      />,
    );

    const alert = screen.getByRole('alert', {
      name: 'aws.amazon.com/aws-codepipeline-tags env=prod: Only the first resources are shown',
    });
    expect(alert).toHaveTextContent('showing the first 20');
    expect(alert).toHaveAttribute('data-status', 'info');
  });

  it('says AWS denied access, as an error naming the IAM action', async () => {
    await renderForEntity(
      <ResourceErrorPanel
        name="ledger-audit"
        error={{
          kind: 'access-denied',
          message:
            'AWS denied ecs:DescribeServices on service/payments/ledger-audit.',
        }}
      />,
    );

    const alert = screen.getByRole('alert', {
      name: 'ledger-audit: AWS denied access',
    });
    expect(alert).toHaveTextContent('ecs:DescribeServices');
    expect(alert).toHaveTextContent(
      "Grant the named IAM action to the Backstage backend's role.",
    );
    expect(alert).toHaveAttribute('data-status', 'danger');
  });
});
