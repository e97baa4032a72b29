// Entry point for pages without React: importing it defines the elements.
// Hand <coder-provider> its Backstage APIs as properties (coderAuthApi,
// discoveryApi, identityApi) and its config as `appConfig`.
import { ready } from './load.js';
import { reportLoadError } from './loader.js';

export { ready };

ready().catch(reportLoadError);
