import { SignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { SidebarContent } from './SidebarContent';

/** Local development: everyone signs in as the guest user. */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      <SignInPage {...props} auto providers={['guest']} />,
  },
});

/** The app plugin's own pieces of the example portal. */
export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, SidebarContent],
});
