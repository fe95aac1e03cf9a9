import { fireEvent, screen, within } from '@testing-library/react';
import {
  docsSiteWithoutAnnotations,
  multiPipelineAwaitingApproval,
  partialFailureThrottled,
  pipelineFailedBuild,
  pipelinesResponse,
  pipelineWithSevenStages,
  resultOf,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityCodePipelineCard } from './EntityCodePipelineCard';

describe('EntityCodePipelineCard', () => {
  it('is a card named by its heading, with the refresh button in its header', async () => {
    const getPipelines = jest.fn(async () => multiPipelineAwaitingApproval);
    await renderForEntity(<EntityCodePipelineCard />, {
      api: { getPipelines },
    });
    const card = await screen.findByRole('article', { name: 'Pipelines' });
    expect(
      within(card).getByRole('heading', { level: 2, name: 'Pipelines' }),
    ).toBeInTheDocument();
    fireEvent.click(
      await within(card).findByRole('button', { name: 'Refresh' }),
    );
    expect(getPipelines).toHaveBeenLastCalledWith(expect.anything(), {
      refresh: true,
    });
  });

  it('shows the latest execution and stage flow, with several pipelines as tabs', async () => {
    await renderForEntity(<EntityCodePipelineCard />, {
      api: { getPipelines: async () => multiPipelineAwaitingApproval },
    });
    expect(
      await screen.findByRole('tab', { name: 'checkout-web-hotfix' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Approval ReleaseApproval in Approve is waiting for a decision/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /9f1c2ab Add order confirmation e-mail/,
      }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/checkout-web/commit/9f1c2ab7e0d34c5b8a6f1e2d3c4b5a6978695a4b',
    );
    const flow = screen.getByRole('list', { name: 'Stages of checkout-web' });
    expect(
      within(flow)
        .getAllByRole('listitem', { name: /^Stage / })
        .map(s => s.getAttribute('aria-label')),
    ).toEqual(['Stage Source', 'Stage Build', 'Stage Approve', 'Stage Deploy']);

    fireEvent.click(screen.getByRole('tab', { name: 'checkout-web-hotfix' }));
    expect(
      await screen.findByLabelText(
        /Transition into Deploy disabled: Release freeze until Monday/,
      ),
    ).toBeInTheDocument();
  });

  it('shows every stage of a long pipeline, wrapping rather than hiding them', async () => {
    await renderForEntity(<EntityCodePipelineCard />, {
      api: {
        getPipelines: async () =>
          pipelinesResponse([resultOf(pipelineWithSevenStages)]),
      },
    });
    const flow = await screen.findByRole('list', {
      name: 'Stages of checkout-web',
    });
    const names = pipelineWithSevenStages.stages.map(s => s.name);
    expect(names).toHaveLength(7);
    for (const name of names) {
      expect(
        within(flow).getByRole('listitem', { name: `Stage ${name}` }),
      ).toHaveTextContent(name);
    }
    expect(flow).toHaveStyle({ flexWrap: 'wrap' });
    expect(flow).not.toHaveStyle({ overflowX: 'hidden' });
  });

  it('calls out the failed stage with its error', async () => {
    await renderForEntity(<EntityCodePipelineCard />, {
      api: {
        getPipelines: async () =>
          pipelinesResponse([resultOf(pipelineFailedBuild)]),
      },
    });
    expect(
      await screen.findByText(
        'Stage Build failed: Build terminated with state: FAILED (pytest: 2 failed)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
  });

  it("shows one pipeline's throttling error beside the other's data", async () => {
    await renderForEntity(<EntityCodePipelineCard />, {
      api: { getPipelines: async () => partialFailureThrottled },
    });
    expect(
      await screen.findByRole('list', { name: 'Stages of checkout-web' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: /checkout-web-hotfix/ }));
    expect(
      await screen.findByText(
        'checkout-web-hotfix: AWS is throttling requests',
      ),
    ).toBeInTheDocument();
  });

  it('names the annotations when the entity has none', async () => {
    const getPipelines = jest.fn();
    await renderForEntity(<EntityCodePipelineCard />, {
      entity: docsSiteWithoutAnnotations,
      api: { getPipelines },
    });
    expect(
      screen.getAllByText(/aws.amazon.com\/aws-codepipeline-arn/).length,
    ).toBeGreaterThan(0);
    expect(getPipelines).not.toHaveBeenCalled();
  });
});
