import { fireEvent, screen, waitFor } from '@testing-library/react';
import { backendError, ecsCircuitBreakerRollback } from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityEcsDeploymentsCard } from './EntityEcsDeploymentsCard';

describe('EntityEcsDeploymentsCard', () => {
  it('shows rollout, counts and deployments, and refreshes on demand bypassing the cache', async () => {
    const getEcsServices = jest.fn(async () => ecsCircuitBreakerRollback);
    await renderForEntity(<EntityEcsDeploymentsCard />, {
      api: { getEcsServices },
    });
    expect(
      await screen.findByText('3/3 running · 1 pending'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', {
        name: 'ACTIVE deployment checkout-web:43',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(getEcsServices).toHaveBeenLastCalledWith(expect.anything(), {
        refresh: true,
      }),
    );
  });

  it('says the user is not permitted', async () => {
    await renderForEntity(<EntityEcsDeploymentsCard />, {
      api: {
        getEcsServices: async () => {
          throw backendError(
            403,
            'NotAllowedError',
            'Missing permission codepipeline.entity.read.',
          );
        },
      },
    });
    expect(
      await screen.findByText('You are not permitted to see this'),
    ).toBeInTheDocument();
  });
});
