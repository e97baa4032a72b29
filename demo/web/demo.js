// The demo page's host code: what a Backstage app does through its API
// refs and entity context, done by hand against the demo server.
import { ready } from '/pkg/elements.js';
import { coderAuthApi, discoveryApi, identityApi } from './backstage-apis.js';

const origin = window.location.origin;

const provider = document.getElementById('provider');
// What app-config.yaml's `coder:` block holds in a real Backstage app.
provider.appConfig = {
  deployment: { accessUrl: origin },
  workspaces: {
    defaultTemplateName: 'devcontainers',
    defaultMode: 'manual',
    repoUrlParamKeys: ['custom_repo', 'repo_url'],
    params: { region: 'eu-helsinki' },
  },
};
// What the React wrappers pass from useApi() in a Backstage app.
provider.discoveryApi = discoveryApi;
provider.identityApi = identityApi;
provider.coderAuthApi = coderAuthApi;

// The catalog entity this page shows (what useEntity() returns).
document.getElementById('entity-card').entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'backstage-plugins',
    annotations: {
      'backstage.io/source-location': 'url:https://github.com/coder/backstage-plugins/tree/main/',
    },
  },
  spec: {
    type: 'website',
    owner: 'group:default/coder',
    lifecycle: 'production',
    coder: {
      templateName: 'devcontainers',
      mode: 'auto',
      params: { region: 'us-pittsburgh' },
    },
  },
};

const toggle = document.getElementById('theme-toggle');
toggle.addEventListener('click', () => {
  const dark = document.documentElement.classList.toggle('dark');
  toggle.setAttribute('aria-pressed', String(dark));
  toggle.textContent = dark ? 'Light theme' : 'Dark theme';
  for (const el of document.querySelectorAll('coder-workspaces-card, coder-provider-settings')) {
    if (dark) el.setAttribute('theme', 'dark');
    else el.removeAttribute('theme');
  }
});

const status = document.getElementById('status');
ready().then(
  () => { status.textContent = 'Rust/WebAssembly elements loaded.'; },
  (err) => { status.textContent = `Could not load the WebAssembly module: ${err}`; },
);
