// A Backstage app on the new frontend system, as `packages/app` of a new
// app has it: createApp from @backstage/frontend-defaults with the
// catalog's and the user settings' plugins and ours, installed the way the package README says
// (one line: the feature). It is served by the real backend of
// tests/backstage, which injects its config (app.extensions included) and
// serves the catalog, the proxy and the Coder OAuth provider. The backend's
// guest provider signs the user in to Backstage.
import '@backstage/ui/css/styles.css';
import { version } from 'react';
import { createRoot } from 'react-dom/client';
import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { ProxiedSignInPage } from '@backstage/core-components';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import coderPlugin from 'backstage-plugin-coder-wasm/alpha';

// What the tests read to know which React build they drive.
window.hostReactVersion = version;

const guestSignIn = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => (props) => <ProxiedSignInPage {...props} provider="guest" />,
      },
    }),
  ],
});

const app = createApp({ features: [catalogPlugin, userSettingsPlugin, coderPlugin, guestSignIn] });

createRoot(document.getElementById('root')).render(app.createRoot());
