import { createApiRef } from '@backstage/core-plugin-api';
import {
  notificationsApiRef,
  notificationsPlugin,
} from '@backstage/plugin-notifications';
import { userSettingsPlugin } from '@backstage/plugin-user-settings';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Root } from './Root';

/**
 * The sidebar item posts toasts through the new frontend system's toast API,
 * which the legacy app's defaults provide; APIs are looked up by id.
 */
const toastApiRef = createApiRef<{ post: jest.Mock }>({ id: 'core.toast' });

describe('Root', () => {
  it('links to the notifications page with the unread count', async () => {
    const notificationsApi = {
      getStatus: jest.fn(async () => ({ unread: 3, read: 5 })),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [notificationsApiRef, notificationsApi as any],
          [toastApiRef, { post: jest.fn() }],
        ]}
      >
        <Root>
          <main>page</main>
        </Root>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/notifications': notificationsPlugin.routes.root,
          '/settings': userSettingsPlugin.routes.settingsPage,
        },
      },
    );
    const item = await screen.findByRole('link', { name: /Notifications/ });
    expect(item).toHaveAttribute('href', '/notifications');
    expect(await screen.findByText('3')).toBeInTheDocument();
    expect(notificationsApi.getStatus).toHaveBeenCalled();
  });
});
