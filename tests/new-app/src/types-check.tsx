// Compiled by `tsc` (never bundled): `backstage-plugin-coder-wasm/alpha`'s
// hand-written .d.ts against the real @backstage/frontend-plugin-api types,
// as an adopter's packages/app uses it; misuses must not compile.
import { createApp } from '@backstage/frontend-defaults';
import type { FrontendFeature, RouteRef } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import coderPluginDefault, { coderPageRouteRef, coderPlugin } from 'backstage-plugin-coder-wasm/alpha';
import { CoderPageContent, isCoderEntity } from 'backstage-plugin-coder-wasm';

export const app = createApp({ features: [catalogPlugin, coderPlugin] });
export const feature: FrontendFeature = coderPluginDefault;
export const root: RouteRef<undefined> = coderPlugin.routes.root;
export const pageRoute: RouteRef<undefined> = coderPageRouteRef;
export const id: string = coderPlugin.pluginId;

// The extensions adopters override by id.
export const card = coderPlugin.getExtension('entity-card:coder/workspaces');
export const page = coderPlugin.getExtension('page:coder');
export const withOverrides = coderPlugin.withOverrides({ extensions: [card] });
// @ts-expect-error the plugin has no such extension
export const missing = coderPlugin.getExtension('entity-card:coder/nope');

export const content = <CoderPageContent title={null} headerText="Mine" />;
// @ts-expect-error the page's title is a string or null
export const badContent = <CoderPageContent title={3} />;
export const shown: boolean = isCoderEntity({ spec: { coder: {} } });
