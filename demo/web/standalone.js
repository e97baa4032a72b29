// The standalone build: YAML attributes instead of JS objects. The demo
// server plays the Backstage backend, so the same stand-in APIs apply.
import { coderAuthApi, discoveryApi, identityApi } from './backstage-apis.js';
import { loadElements } from './load-elements.js';

const provider = document.getElementById('provider');
provider.discoveryApi = discoveryApi;
provider.identityApi = identityApi;
provider.coderAuthApi = coderAuthApi;

// Each app-config text is written for the default port; follow the real one.
provider.setAttribute('app-config', provider.getAttribute('app-config').replace('http://127.0.0.1:7007', window.location.origin));

loadElements('/pkg/standalone.js', '/pkg/coder_backstage_wasm_standalone_bg.wasm');
