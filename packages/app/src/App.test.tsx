import { renderWithEffects } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('renders the Slipway portal on the new frontend system', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Slipway', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    await renderWithEffects(App.createRoot());
    expect(await screen.findAllByText('Slipway')).not.toHaveLength(0);
  });
});
