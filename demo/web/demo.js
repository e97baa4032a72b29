// The demo page's host code: what a Backstage app does through its API
// refs and entity context, done by hand against the demo server.
import { coderAuthApi, discoveryApi, identityApi } from './backstage-apis.js';
import { loadElements } from './load-elements.js';

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
const entity = {
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

document.getElementById('entity-card').entity = entity;
document.getElementById('parts-card').entity = entity;

/**
 * The Templates card: a component of the page's own on the provider's
 * `coderApi` (what useCoderApi() and useCoderAuth() wrap in React), drawn
 * with textContent only.
 */
function templateList() {
  const status = document.getElementById('templates-status');
  const list = document.getElementById('templates-list');
  let shownFor;
  const render = async () => {
    const api = provider.coderApi;
    const { isAuthenticated, user } = api.authState();
    const who = isAuthenticated ? user?.username : null;
    if (who === shownFor) return;
    shownFor = who;
    list.replaceChildren();
    if (!isAuthenticated) {
      status.textContent = "Sign in to Coder to list the deployment's templates.";
      return;
    }
    status.textContent = 'Loading templates…';
    try {
      const templates = await api.getTemplates();
      status.textContent = `${templates.length} templates ${who} may use:`;
      list.replaceChildren(
        ...templates.map((t) => {
          const item = document.createElement('li');
          const name = document.createElement('span');
          name.className = 'template-name';
          name.textContent = t.display_name || t.name;
          item.append(name);
          if (t.description) {
            const about = document.createElement('span');
            about.className = 'template-description';
            about.textContent = t.description;
            item.append(about);
          }
          return item;
        }),
      );
    } catch (error) {
      status.textContent = error.message;
    }
  };
  provider.coderApi.subscribe(render);
  render();
}

const toggle = document.getElementById('theme-toggle');
toggle.addEventListener('click', () => {
  const dark = document.documentElement.classList.toggle('dark');
  toggle.setAttribute('aria-pressed', String(dark));
  toggle.textContent = dark ? 'Light theme' : 'Dark theme';
  // Every Coder element but the provider, which draws nothing.
  const themed = [...document.querySelectorAll('*')].filter(
    (el) => el.localName.startsWith('coder-') && el.localName !== 'coder-provider',
  );
  for (const el of themed) {
    if (dark) el.setAttribute('theme', 'dark');
    else el.removeAttribute('theme');
  }
});

// The entity tabs, keyboard-operable as a WAI-ARIA tablist: one tab stop
// (the selected tab), arrow keys and Home/End move and select at once.
const tabs = [...document.querySelectorAll('[role="tab"]')];
function selectTab(tab, { focus = false } = {}) {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
  }
  if (focus) tab.focus();
}
for (const tab of tabs) tab.addEventListener('click', () => selectTab(tab));
document.querySelector('[role="tablist"]').addEventListener('keydown', (event) => {
  const i = tabs.indexOf(event.target);
  if (i < 0) return;
  const next = {
    ArrowRight: tabs[(i + 1) % tabs.length],
    ArrowLeft: tabs[(i - 1 + tabs.length) % tabs.length],
    Home: tabs[0],
    End: tabs[tabs.length - 1],
  }[event.key];
  if (!next) return;
  event.preventDefault();
  selectTab(next, { focus: true });
});
// The sidebar's Settings link points into the Overview panel.
window.addEventListener('hashchange', () => {
  if (window.location.hash === '#settings') selectTab(tabs[0]);
});

loadElements('/pkg/elements.js', '/pkg/coder_backstage_wasm_bg.wasm').then(() => {
  if (provider.coderApi) templateList();
});
