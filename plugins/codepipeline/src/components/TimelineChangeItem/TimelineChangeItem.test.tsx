import { renderInTestApp } from '@backstage/test-utils';
import { getContrastRatio } from '@material-ui/core/styles/colorManipulator';
import { screen, within } from '@testing-library/react';
import { join } from 'node:path';
import type { TimelineChange } from '@slipway/plugin-codepipeline-common';
import {
  changeLiveInProduction,
  changeRolledBackByCircuitBreaker,
  changeWaitingForApproval,
} from '../../__fixtures__';
import {
  addStylesheets,
  resolveBuiColor,
  type ThemeMode,
} from '../../__testUtils__/buiColors';
import { cascadedStyle } from '../../__testUtils__/cascadedStyle';
import { TimelineChangeItem } from './TimelineChangeItem';

/**
 * The colour `property` of `element` gets in `mode`, from the component's own
 * stylesheet (jest maps CSS modules to their bare class names, so the file is
 * added to the document as written).
 */
function renderedColor(
  element: HTMLElement,
  property: 'color' | 'backgroundColor',
  mode: ThemeMode,
): string {
  const value = cascadedStyle(element, property);
  if (!value) throw new Error(`No ${property} for ${element.outerHTML}`);
  return resolveBuiColor(value, mode);
}

// Its links' underline comes from ExternalLink's stylesheet.
beforeAll(() =>
  addStylesheets(
    join(__dirname, 'TimelineChangeItem.module.css'),
    join(__dirname, '../ExternalLink/ExternalLink.module.css'),
  ),
);

async function renderChanges(...changes: TimelineChange[]) {
  await renderInTestApp(
    <ul>
      {changes.map(change => (
        <TimelineChangeItem key={change.executionId} change={change} />
      ))}
    </ul>,
  );
}

/** The steps (stages, then ECS rollouts) of a change's journey, in order. */
function journeyOf(id: string) {
  return within(
    screen.getByRole('list', { name: `Journey of ${id}` }),
  ).getAllByRole('listitem');
}

describe('TimelineChangeItem', () => {
  it('lists the stages in order, then the rollouts, with the approval still waiting', async () => {
    await renderChanges(changeWaitingForApproval);

    const steps = journeyOf('9f1c2ab');
    expect(steps).toHaveLength(6);
    expect(steps[0]).toHaveTextContent(/^Source: Succeeded/);
    expect(steps[1]).toHaveTextContent(/^Build: Succeeded/);
    expect(steps[2]).toHaveTextContent(/^Deploy-staging: Succeeded/);
    expect(steps[3]).toHaveTextContent(/^Approve: In progress/);
    expect(steps[3]).toHaveTextContent('Waiting for approval for 7m 55s');
    expect(steps[3]).toHaveTextContent(/→ now ·/);
    expect(steps[4]).toHaveTextContent(
      /^Deploy-prod: Not reached \(production\)$/,
    );
    expect(steps[5]).toHaveTextContent(/^ECS checkout-web: rollout completed/);
    expect(steps[5]).toHaveTextContent(
      'ecs-svc/5555 · task definition checkout-web-staging:44',
    );
    expect(within(steps[5]).queryByText('Rolled back')).not.toBeInTheDocument();

    const change = screen.getByRole('listitem', { name: 'Change 9f1c2ab' });
    expect(
      within(change).getByRole('link', {
        name: /^9f1c2ab Add order confirmation e-mail/,
      }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/checkout-web/commit/9f1c2ab7e0d34c5b8a6f1e2d3c4b5a6978695a4b',
    );
    expect(
      within(change).getByRole('link', { name: /^exec-0006/ }),
    ).toHaveAttribute('href', changeWaitingForApproval.consoleUrl);
    expect(change).toHaveTextContent(
      'Now: waiting for approval before Deploy-prod',
    );
    expect(within(change).queryByText('Live in production')).toBeNull();
  });

  it('shows how long a finished approval waited and who approved it', async () => {
    await renderChanges(changeLiveInProduction);

    const steps = journeyOf('4e5f6a7');
    expect(steps).toHaveLength(5);
    expect(steps[0]).toHaveTextContent(/^Source: Succeeded\d/);
    expect(steps[1]).toHaveTextContent(/^Build: Succeeded\d/);
    expect(steps[2]).toHaveTextContent(/^Approve: Succeeded\d/);
    expect(steps[3]).toHaveTextContent(
      /^Deploy-prod: Succeeded \(production\)\d/,
    );
    expect(steps[4]).toHaveTextContent(
      /^ECS checkout-web: rollout completed ecs-svc\/2222 · task definition checkout-web:42/,
    );
    expect(within(steps[4]).queryByText('Rolled back')).not.toBeInTheDocument();
    expect(steps[2]).toHaveTextContent(
      'Waited 21m 00s for approval — Approved by ana@acme.example: Looks good, ship it',
    );
    expect(steps[2]).toHaveTextContent('· 21m 00s');
    expect(steps[3]).toHaveTextContent('· 11m 30s');
    expect(steps[0]).not.toHaveTextContent(/approval/);
  });

  it('flags a rolled-back rollout with its reason', async () => {
    await renderChanges(changeRolledBackByCircuitBreaker);

    const steps = journeyOf('1b2c3d4');
    expect(steps).toHaveLength(5);
    expect(steps[3]).toHaveTextContent(/^Deploy-prod: Failed \(production\)/);
    const rollout = steps[4];
    expect(rollout).toHaveTextContent(/^ECS checkout-web: rollout failed/);
    expect(within(rollout).getByText('Rolled back')).toBeInTheDocument();
    expect(rollout).toHaveTextContent(
      'ecs-svc/3333 · task definition checkout-web:43',
    );
    expect(rollout).toHaveTextContent(
      'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/2222.',
    );
    const change = screen.getByRole('listitem', { name: 'Change 1b2c3d4' });
    expect(change).toHaveTextContent(
      'Now: rolled back: production still runs checkout-web:42',
    );
    expect(change).toHaveTextContent(
      /checkout-web · exec-0005\b.* · Failed · /,
    );
  });

  it("shows ECS's reason in red for a failed rollout only, not for a completed one", async () => {
    const [rollout] = changeLiveInProduction.rollouts;
    const completed: TimelineChange = {
      ...changeLiveInProduction,
      rollouts: [
        {
          ...rollout,
          rolloutState: 'COMPLETED',
          rolledBack: false,
          rolloutStateReason: 'ECS deployment ecs-svc/4444 completed.',
        },
      ],
    };
    await renderChanges(completed, changeRolledBackByCircuitBreaker);

    const colour = (text: string) =>
      cascadedStyle(screen.getByText(text), 'color');
    const failed = colour(
      'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/2222.',
    );
    expect(resolveBuiColor(failed!, 'light')).toMatch(/^#/);
    expect(colour('ECS deployment ecs-svc/4444 completed.')).not.toBe(failed);
  });

  // The audit: error.main as text was 3.68:1 and warning.main 2.15:1 on the
  // light theme's paper; the "Rolled back" chip's white on error.main 3.68:1.
  // Backstage UI's own danger and warning text colours are 4.0:1 and 2.6:1 on
  // its light card.
  it.each<ThemeMode>(['light', 'dark'])(
    'writes the failure reason, the approval wait and the "Rolled back" badge at 4.5:1 (%s theme)',
    async mode => {
      await renderChanges(
        changeWaitingForApproval,
        changeRolledBackByCircuitBreaker,
      );
      // The timeline's card, and the page around it.
      const backgrounds = ['var(--bui-bg-neutral-1)', 'var(--bui-bg-app)'].map(
        bg => resolveBuiColor(bg, mode),
      );
      const texts = [
        screen.getByText(
          'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/2222.',
        ),
        screen.getByText('Waiting for approval for 7m 55s'),
      ];
      for (const text of texts) {
        for (const background of backgrounds) {
          expect(
            getContrastRatio(renderedColor(text, 'color', mode), background),
          ).toBeGreaterThanOrEqual(4.5);
        }
      }
      const badge = screen
        .getByText('Rolled back')
        .closest<HTMLElement>('.bui-Badge')!;
      expect(
        getContrastRatio(
          renderedColor(badge, 'color', mode),
          renderedColor(badge, 'backgroundColor', mode),
        ),
      ).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('underlines the commit and execution links, not telling them apart by colour alone', async () => {
    await renderChanges(changeWaitingForApproval);
    const change = screen.getByRole('listitem', { name: 'Change 9f1c2ab' });
    for (const name of [
      /^9f1c2ab Add order confirmation e-mail/,
      /^exec-0006/,
    ]) {
      expect(
        getComputedStyle(within(change).getByRole('link', { name }))
          .textDecorationLine,
      ).toBe('underline');
    }
  });

  it('puts the "Live in production" badge on the live change only', async () => {
    await renderChanges(
      changeWaitingForApproval,
      changeRolledBackByCircuitBreaker,
      changeLiveInProduction,
    );
    expect(screen.getAllByText('Live in production')).toHaveLength(1);
    expect(
      within(
        screen.getByRole('listitem', { name: 'Change 4e5f6a7' }),
      ).getByText('Live in production'),
    ).toBeInTheDocument();
    for (const id of ['9f1c2ab', '1b2c3d4']) {
      expect(
        within(
          screen.getByRole('listitem', { name: `Change ${id}` }),
        ).queryByText('Live in production'),
      ).not.toBeInTheDocument();
    }
    expect(screen.getAllByText('Rolled back')).toHaveLength(1);
  });

  it('falls back to the execution id when the change has no commit', async () => {
    await renderChanges({
      ...changeLiveInProduction,
      commit: undefined,
      liveInProduction: false,
      executionType: 'ROLLBACK',
    });
    const change = screen.getByRole('listitem', { name: 'Change exec-0004' });
    expect(
      within(change).getByRole('heading', { name: 'exec-0004' }),
    ).toBeInTheDocument();
    expect(change).toHaveTextContent('· rollback run');
    expect(within(change).queryByText('Live in production')).toBeNull();
  });
});
