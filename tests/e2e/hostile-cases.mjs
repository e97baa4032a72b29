// The hostile inputs of tests/e2e/hostile-*.test.js. Run as a script it
// prints the workspaces file the hostile demo server serves
// (tests/e2e/run.sh); the test imports the same cases to know what to
// expect. Every workspace has template_name "hostile", so the card's
// query `template:hostile` lists exactly these.

/** Set by any payload that manages to run. */
export const TRAP = 'window.__pwned=1';

const running = { status: 'running', resources: [{ agents: [{ status: 'connected' }] }] };
const base = (id, fields) => ({
  id,
  owner_name: 'demo',
  template_name: 'hostile',
  template_display_name: 'Hostile',
  latest_build: { id: `b-${id}`, ...running },
  ...fields,
});

/** Text payloads: each must show as plain text (when the row shows). */
export const TEXT_CASES = [
  { id: 'name-markup', field: 'name', value: '<b>bold</b><i>x</i>', note: 'HTML in name' },
  { id: 'name-script', field: 'name', value: `<script>${TRAP}</script>`, note: '<script> in name' },
  { id: 'name-img', field: 'name', value: `<img src=x onerror="${TRAP}">`, note: '<img onerror> in name' },
  { id: 'owner-script', field: 'owner_name', value: `<script>${TRAP}</script>`, note: '<script> in owner_name', name: 'owner-script' },
  { id: 'template-style', field: 'template_display_name', value: `</style><img src=x onerror="${TRAP}">`, note: '</style> in template_display_name', name: 'template-style' },
  { id: 'name-rtl', field: 'name', value: 'rtl\u202Egnp.exe', note: 'RTL override in name' },
  { id: 'name-10k', field: 'name', value: 'w'.repeat(10_000), note: '10,000-character name' },
];

/** Malformed fields: the card must keep working (row shown or skipped). */
export const SHAPE_CASES = [
  { id: 'name-empty', fields: { name: '' }, note: 'empty name' },
  { id: 'name-null', fields: { name: null }, note: 'null name' },
  { id: 'name-missing', fields: {}, note: 'no name field' },
  { id: 'name-number', fields: { name: 42 }, note: 'number as name' },
  { id: 'owner-null', fields: { name: 'owner-null', owner_name: null }, note: 'null owner_name' },
  { id: 'build-missing', fields: { name: 'build-missing', latest_build: null }, note: 'no latest_build' },
  { id: 'status-number', fields: { name: 'status-number', latest_build: { status: 7, resources: 'x' } }, note: 'number status, string resources' },
  {
    id: 'extra-fields',
    // The "__proto__" key is spliced into the JSON text below (an object
    // literal would set the prototype instead of an own key).
    fields: { name: 'extra-fields', constructor: 'x', unknown: { deep: [1, { a: null }] } },
    proto: true,
    note: 'extra fields incl. "__proto__" and "constructor"',
  },
];

/** Icons: only the deployment's https URLs and proxy paths may load. */
export const ICON_CASES = [
  { id: 'icon-js', icon: `javascript:${TRAP}`, allowed: false },
  { id: 'icon-data-html', icon: `data:text/html,<script>${TRAP}</script>`, allowed: false },
  { id: 'icon-data-svg', icon: `data:image/svg+xml,<svg onload="${TRAP}"/>`, allowed: false },
  { id: 'icon-protocol-relative', icon: '//evil.example/x.png', allowed: false },
  { id: 'icon-http-on-https', icon: 'http://coder.example.com/icon/a.svg', allowed: false },
  { id: 'icon-other-host', icon: 'https://evil.example/icon.svg', allowed: false },
  { id: 'icon-dotdot', icon: '/icon/../../../api/v2/users/me', allowed: false },
  { id: 'icon-relative', icon: '../icon.svg', allowed: false },
  { id: 'icon-5mb', icon: `/icon/${'a'.repeat(5_000_000)}.svg`, allowed: false, label: '"/icon/aaa…" (5 MB)' },
  { id: 'icon-deployment', icon: 'https://coder.example.com/icon/ok.svg', allowed: true },
  { id: 'icon-proxy-path', icon: '/icon/rust.svg', allowed: true },
];

/**
 * Plain, healthy workspaces for the fault and host cases: template
 * "faults", so `template:hostile` does not list them. Each name is also a
 * query (`name:<name>`) that lists exactly that workspace, so a fault can
 * be scoped to one card's query (`/__demo/faults?query=name:<name>`). No
 * name is part of another.
 */
export const PLAIN_NAMES = [
  'fault-control',
  'fault-huge',
  'fault-over',
  'fault-truncated',
  'fault-nokey',
  'fault-notarray',
  'fault-toparray',
  'fault-count',
  'fault-502',
  'fault-504',
  'fault-429',
  'fault-reset',
  'fault-never',
  'fault-offline',
  'fan-1',
  'fan-2',
  'fan-3',
  'fan-4',
  'fan-5',
  'moved-card',
  'auth-empty',
];

const MiB = 1024 * 1024;

/**
 * Answers of the workspaces endpoint, each scoped to the query
 * `name:<workspace>` of one card (see PLAIN_NAMES). `faults` are the demo
 * server's knobs; `expect` is what the card must show: 'rows' (the list)
 * or a pattern of its message. `bug` marks a product bug: the case asserts
 * the right behaviour and is reported as todo.
 */
export const FAULT_CASES = [
  {
    workspace: 'fault-huge',
    input: '200 with a 10 MB body (valid JSON: the list plus a 10 MB unknown field)',
    faults: { body: 'huge', huge_body_bytes: 10 * MiB },
    expect: 'rows',
    expected: 'the list, as usual (under the card\'s 16 MB limit); the page stays responsive',
  },
  {
    workspace: 'fault-over',
    input: '200 with a 20 MB body (valid JSON, over the 16 MB limit)',
    faults: { body: 'huge', huge_body_bytes: 20 * MiB },
    expect: /larger than 16 MB/,
    expected: 'a message about the size',
  },
  {
    workspace: 'fault-truncated',
    input: '200, application/json, JSON cut off halfway (Content-Length matches)',
    faults: { body: 'truncated' },
    expect: /cut off or broken/i,
    expected: 'an unexpected-answer message saying the JSON is cut off (not the misconfigured-proxy one: that is for HTML)',
  },
  {
    workspace: 'fault-nokey',
    input: '200 with {"count": N, "data": [...]} (no "workspaces" key)',
    faults: { body: 'no_workspaces_key' },
    expect: /Unexpected answer from Coder/,
    expected: 'an "unexpected answer" message, not an empty list',
  },
  {
    workspace: 'fault-notarray',
    input: '200 with {"workspaces": {"<id>": {...}}, "count": N} (not an array)',
    faults: { body: 'workspaces_not_array' },
    expect: /Unexpected answer from Coder/,
    expected: 'an "unexpected answer" message, not an empty list',
  },
  {
    workspace: 'fault-toparray',
    input: '200 with a bare JSON array of workspaces (no envelope)',
    faults: { body: 'top_level_array' },
    expect: /Unexpected answer from Coder/,
    expected: 'an "unexpected answer" message, not an empty list',
  },
  {
    workspace: 'fault-count',
    input: '200 with "count" 1000 higher than the list is long',
    faults: { body: 'count_mismatch' },
    expect: 'rows',
    expected: 'the list as given ("count" is not trusted)',
  },
  {
    workspace: 'fault-502',
    input: '502 Bad Gateway',
    faults: { fail_rate: 1, fail_status: 502 },
    expect: /could not reach Coder \(502\)/,
    expected: 'after the retries, a "deployment unavailable" message naming 502',
  },
  {
    workspace: 'fault-504',
    input: '504 Gateway Timeout',
    faults: { fail_rate: 1, fail_status: 504 },
    expect: /timed out reaching Coder \(504\)/,
    expected: 'at once (no retries), the misconfigured-proxy message naming 504',
  },
  {
    workspace: 'fault-429',
    input: '429 Too Many Requests with Retry-After: 3 (which the Backstage proxy drops)',
    faults: { fail_rate: 1, fail_status: 429, retry_after_s: 3 },
    expect: /rate-limiting/,
    // The real proxy passes back only safe and allowed headers, so the
    // card never sees Retry-After and retries on its own backoff.
    retryGapsMs: [1000, 2000, 4000],
    expected: 'retries 1, 2 and 4 s apart (the card\'s backoff: the proxy drops Retry-After), then a rate-limit message',
  },
  {
    workspace: 'fault-reset',
    input: 'connection closed mid-body (Content-Length of the whole body, half sent)',
    faults: { body: 'reset' },
    expect: /could not be reached/,
    expected: 'after the retries, a "could not be reached" message',
  },
  {
    workspace: 'fault-never',
    input: 'a response that never ends (headers and half the body, then nothing)',
    faults: { body: 'never_ending' },
    expect: /did not answer within 20 seconds/,
    slow: true,
    expected: 'each try aborted at the 20 s client timeout; after the retries, the timeout message',
  },
];

/** The app config the YAML cases break, when they only break the entity. */
const GOOD_APP = 'deployment:\n  accessUrl: https://coder.example.com\n';
/** Nine levels of nine aliases: 9^9 (387 million) "lol"s once expanded. */
const laughs = (indent) => {
  const lines = [`${indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = `*${names[i - 1]}`;
    lines.push(`${indent}${names[i]}: &${names[i]} [${Array(9).fill(prev).join(',')}]`);
  }
  return lines.join('\n');
};

/**
 * YAML inputs for the standalone build. `appConfig` / `catalogInfo` are
 * YAML text or { prefix, repeat: [text, n], suffix } (built in the page).
 * `expect` is a pattern the card's alert must match. `signIn`: when the
 * input is accepted, sign in to show the creation link it leads to.
 */
export const YAML_CASES = [
  {
    input: 'app-config: billion laughs (9 levels of 9 aliases)',
    appConfig: `${laughs('')}\n${GOOD_APP}`,
    expect: /too many aliases/,
  },
  {
    input: 'catalog-info: billion laughs inside spec.coder.params',
    appConfig: GOOD_APP,
    catalogInfo: `kind: Component\nmetadata:\n  name: x\nspec:\n  coder:\n    params:\n${laughs('      ')}\n`,
    attrs: { 'read-entity-data': '' },
    expect: /too many aliases/,
  },
  {
    input: 'app-config: 100 MB of text',
    appConfig: { prefix: `${GOOD_APP}# `, repeat: ['x', 100 * MiB] },
    expect: /over the limit of 1 MiB/,
    size: true,
  },
  {
    input: 'app-config: 10,000 nested flow lists ([[[…]]], 20 KB)',
    appConfig: { prefix: `${GOOD_APP}x: `, repeat: ['[', 10_000], suffix: ']'.repeat(10_000) },
    expect: /more than 128 levels deep/,
  },
  {
    input: 'app-config: 100,000 nested flow lists ([[[…]]], 200 KB)',
    appConfig: { prefix: `${GOOD_APP}x: `, repeat: ['[', 100_000], suffix: ']'.repeat(100_000) },
    expect: /more than 128 levels deep/,
  },
  {
    input: 'app-config: 1,000 nested mappings (block style)',
    appConfig: GOOD_APP + Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n',
    expect: /nests too deeply|too many aliases/,
  },
  {
    input: 'app-config: deployment.accessUrl given twice',
    appConfig: 'deployment:\n  accessUrl: https://a.example.com\n  accessUrl: https://b.example.com\n',
    expect: /duplicate|given twice/i,
  },
  {
    input: 'app-config: top-level "deployment" given twice',
    appConfig: 'deployment:\n  accessUrl: https://a.example.com\ndeployment:\n  accessUrl: https://b.example.com\n',
    expect: /duplicate|given twice/i,
  },
  {
    input: 'app-config: workspaces.params with a key given twice',
    appConfig: `${GOOD_APP}workspaces:\n  defaultTemplateName: t\n  params:\n    region: eu\n    region: us\n`,
    attrs: { 'default-query': 'name:fault-control' },
    expect: /duplicate|given twice/i,
    signIn: true,
  },
  {
    input: 'catalog-info: spec.coder.params with a key given twice',
    appConfig: GOOD_APP,
    catalogInfo: 'kind: Component\nmetadata:\n  name: x\nspec:\n  coder:\n    templateName: t\n    params:\n      region: eu\n      region: us\n',
    attrs: { 'read-entity-data': '', 'default-query': 'name:fault-control' },
    expect: /duplicate|given twice/i,
    signIn: true,
  },
  {
    input: 'app-config: two documents (--- between two deployments)',
    appConfig: 'deployment:\n  accessUrl: https://a.example.com\n---\ndeployment:\n  accessUrl: https://b.example.com\n',
    expect: /document/i,
  },
  {
    input: 'catalog-info: three documents, the second a list',
    appConfig: GOOD_APP,
    catalogInfo: 'kind: API\nmetadata:\n  name: a\n---\n- not\n- an entity\n---\nkind: Component\nmetadata:\n  name: b\nspec:\n  coder:\n    mode: auto\n',
    attrs: { 'read-entity-data': '' },
    expect: /mapping/,
  },
  {
    input: 'app-config: deployment is a string',
    appConfig: 'deployment: https://coder.example.com\n',
    expect: /deployment/,
  },
  {
    input: 'app-config: deployment.accessUrl is a number',
    appConfig: 'deployment:\n  accessUrl: 42\n',
    expect: /deployment\.accessUrl/,
  },
  {
    input: 'app-config: workspaces.repoUrlParamKeys is a string',
    appConfig: `${GOOD_APP}workspaces:\n  repoUrlParamKeys: repo_url\n`,
    expect: /repoUrlParamKeys/,
  },
  {
    input: 'app-config: workspaces.params is a list',
    appConfig: `${GOOD_APP}workspaces:\n  params: [a, b]\n`,
    expect: /workspaces\.params/,
  },
  {
    input: 'app-config: workspaces.defaultMode is a boolean',
    appConfig: `${GOOD_APP}workspaces:\n  defaultMode: true\n`,
    expect: /defaultMode/,
  },
  {
    input: 'catalog-info: spec.coder.templateName is a list',
    appConfig: GOOD_APP,
    catalogInfo: 'kind: Component\nmetadata:\n  name: x\nspec:\n  coder:\n    templateName: [a, b]\n',
    attrs: { 'read-entity-data': '' },
    expect: /templateName/,
  },
];

/**
 * Hostile apps: each workspace (name = id, template "apps", running, one
 * connected agent) has one hostile app beside a plain path app "ok"; the
 * menu must link the plain one and nothing unsafe. `link`: the one link
 * the hostile app may get (with the deployment https://coder.example.com),
 * or null for none.
 */
export const APP_CASES = [
  { id: 'app-url-js', app: { slug: 'x', display_name: 'JS', external: true, url: `javascript:${TRAP}` }, link: null, note: 'external app url javascript:' },
  { id: 'app-url-data', app: { slug: 'x', display_name: 'Data', external: true, url: `data:text/html,<script>${TRAP}</script>` }, link: null, note: 'external app url data:' },
  { id: 'app-url-custom', app: { slug: 'x', display_name: 'Custom', external: true, url: 'jetbrains-gateway://connect#x' }, link: null, note: 'external app url of another scheme' },
  { id: 'app-slug-dotdot', app: { slug: '../../api/v2/users/me', display_name: 'Dots' }, link: null, note: 'slug with ../' },
  { id: 'app-slug-query', app: { slug: 'a?token=x', display_name: 'Query' }, link: null, note: 'slug with ?' },
  { id: 'app-sub-dot', app: { slug: 'x', display_name: 'SubDot', subdomain: true, subdomain_name: 'a.evil.com' }, link: null, note: 'subdomain_name with a dot' },
  { id: 'app-sub-slash', app: { slug: 'x', display_name: 'SubSlash', subdomain: true, subdomain_name: 'a/b' }, link: null, note: 'subdomain_name with a slash' },
  { id: 'app-name-markup', app: { slug: 'markup', display_name: `<img src=x onerror="${TRAP}">` }, link: 'https://coder.example.com/@demo/app-name-markup.main/apps/markup/', note: 'markup in display_name' },
  { id: 'app-name-10k', app: { slug: 'long', display_name: 'A'.repeat(10_000) }, link: 'https://coder.example.com/@demo/app-name-10k.main/apps/long/', note: '10,000-character display_name' },
  { id: 'app-agent-name', agent: '../x?y#z', app: { slug: 'plain', display_name: 'Plain' }, link: 'https://coder.example.com/@demo/app-agent-name...%2Fx%3Fy%23z/apps/plain/', note: 'agent name with ../, ? and #' },
];

/** Wildcard app hosts a hostile /regions answer may name. */
export const WILDCARD_CASES = [
  { wildcard: '*.apps.coder.example.com', link: 'https://ok--main--app-wildcard--demo.apps.coder.example.com/' },
  { wildcard: '*.evil.com/x', link: null },
  { wildcard: 'evil.com', link: null },
  { wildcard: '*.a b.com', link: null },
  { wildcard: '*.*.evil.com', link: null },
  { wildcard: `javascript:${TRAP}`, link: null },
  { wildcard: '*.evil.com:99999', link: null },
];

/**
 * Workspaces the action cases start (stopped, Coder ids so they may be
 * acted on), template "actions".
 */
export const ACTION_WORKSPACES = {
  'act-refused': 'ac000000-0000-4000-8000-000000000001',
  'act-shape': 'ac000000-0000-4000-8000-000000000002',
  'watch-drop': 'ac000000-0000-4000-8000-000000000003',
  'watch-garbage': 'ac000000-0000-4000-8000-000000000004',
  'watch-silent': 'ac000000-0000-4000-8000-000000000005',
};

const agentWith = (name, apps) => ({
  name,
  status: 'connected',
  lifecycle_state: 'ready',
  display_apps: ['web_terminal'],
  apps: [{ slug: 'ok', display_name: 'OK', health: 'healthy', sharing_level: 'owner' }, ...apps],
});

/** The workspaces file (JSON text) the hostile demo server serves. */
export function workspacesJson() {
  const items = [];
  for (const name of PLAIN_NAMES) {
    items.push(JSON.stringify(base(name, { name, template_name: 'faults', template_display_name: 'Faults' })));
  }
  for (const c of TEXT_CASES) {
    items.push(JSON.stringify(base(c.id, { name: c.name ?? c.value, [c.field]: c.value })));
  }
  for (const c of SHAPE_CASES) {
    let text = JSON.stringify({ ...base(c.id, {}), ...c.fields });
    if (c.proto) text = text.replace(/^\{/, '{"__proto__":{"polluted":1},');
    items.push(text);
  }
  for (const c of ICON_CASES) {
    items.push(JSON.stringify(base(c.id, { name: c.id, template_icon: c.icon })));
  }
  const appBuild = (agent) => ({ id: 'b-apps', status: 'running', transition: 'start', resources: [{ agents: [agent] }] });
  for (const c of APP_CASES) {
    const agent = agentWith(c.agent ?? 'main', [{ health: 'healthy', sharing_level: 'owner', ...c.app }]);
    items.push(JSON.stringify(base(c.id, { name: c.id, template_name: 'apps', latest_build: appBuild(agent) })));
  }
  const subApp = { slug: 'ok-sub', display_name: 'Sub', subdomain: true, subdomain_name: 'ok--main--app-wildcard--demo', health: 'healthy', sharing_level: 'owner' };
  items.push(JSON.stringify(base('app-wildcard', { name: 'app-wildcard', template_name: 'apps', latest_build: appBuild(agentWith('main', [subApp])) })));
  for (const [name, id] of Object.entries(ACTION_WORKSPACES)) {
    items.push(JSON.stringify(base(id, { name, template_name: 'actions', latest_build: { id: `ac100000-0000-4000-8000-00000000000${id.at(-1)}`, status: 'stopped', transition: 'stop', resources: [] } })));
  }
  return `[${items.join(',')}]`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(workspacesJson());
}
