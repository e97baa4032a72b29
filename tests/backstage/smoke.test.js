// Smoke test of a real Backstage backend in front of the demo server's fake
// Coder: what the real proxy, guest auth, catalog and Coder auth module do,
// observed over plain HTTP. Run by run-smoke.sh (which builds and installs
// what it needs); writes what it saw to target/backstage-smoke/observations.json.
//
// The fake Coder is a real OAuth2 provider with the backend registered as
// its client, and the Coder sign-in is driven over HTTP as the popup would
// go. Between the backend and the fake Coder sits a tap that only forwards
// and records, so the test sees exactly what the real backend sends to
// Coder and what Coder answers.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '../..');
const DEMO_SERVER =
  process.env.CODER_DEMO_SERVER || path.join(REPO_ROOT, 'target/release/coder-demo-server');
const OUT_DIR = path.join(REPO_ROOT, 'target/backstage-smoke');
const CODER_TOKEN = 'smoke-session-token';
const CLIENT_ID = process.env.CODER_OAUTH_CLIENT_ID || 'backstage';
const CLIENT_SECRET = process.env.CODER_OAUTH_CLIENT_SECRET || 'backstage-demo-secret';
// What the fake Coder has registered; only differs from CLIENT_SECRET to
// check that a misconfigured backend fails the test.
const CODER_CLIENT_SECRET = process.env.SMOKE_CODER_CLIENT_SECRET || CLIENT_SECRET;
const XHR = { 'X-Requested-With': 'XMLHttpRequest' };

const observed = {};
const children = [];
let coderUrl; // the demo server
let tapUrl; // the recording tap in front of it: the backend's Coder URL
let backstageUrl;
let backstagePid;
let tapLog = [];
let backstageToken;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function spawnLogged(cmd, args, env) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = '';
  child.stdout.on('data', (d) => (child.output += d));
  child.stderr.on('data', (d) => (child.output += d));
  children.push(child);
  return child;
}

// The fake Coder knows the backend as an OAuth2 client: the same id and
// secret as app-config.yaml, and the backend's real callback as the one
// registered redirect URI (matched exactly, so it names the backend's port).
async function startDemoServer(backendUrl) {
  // --port 0: the OS picks a free port; the server prints where it listens.
  const child = spawnLogged(DEMO_SERVER, [
    '--port', '0', '--token', CODER_TOKEN,
    '--web-root', path.join(REPO_ROOT, 'demo/web'), '--pkg-dir', path.join(REPO_ROOT, 'pkg'),
    '--oauth-client-id', CLIENT_ID,
    '--oauth-client-secret', CODER_CLIENT_SECRET,
    '--oauth-redirect-uri', `${backendUrl}/api/auth/coder/handler/frame`,
  ]);
  for (let i = 0; i < 300; i++) {
    const m = /Coder demo server on (http:\/\/\S+)/.exec(child.output);
    // Printed with a trailing slash; paths are appended to it.
    if (m) return m[1].replace(/\/$/, '');
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`demo server did not start:\n${child.output}`);
}

// A pure recorder: it forwards every request and answer unchanged (but
// for Host, which must name the upstream) and keeps both, so the test sees
// what the real backend sends to Coder and what Coder answers.
function startTap(upstream) {
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry = { method: req.method, url: req.url, headers: { ...req.headers }, body: body.toString() };
      tapLog.push(entry);
      const up = http.request(
        {
          host: target.hostname, port: target.port, method: req.method, path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (upRes) => {
          const upChunks = [];
          upRes.on('data', (c) => upChunks.push(c));
          upRes.on('end', () => {
            const upBody = Buffer.concat(upChunks);
            entry.upstreamStatus = upRes.statusCode;
            entry.upstreamHeaders = { ...upRes.headers };
            entry.upstreamBody = upBody.toString();
            res.writeHead(upRes.statusCode, upRes.headers);
            res.end(upBody);
          });
        },
      );
      up.on('error', (e) => {
        entry.upstreamError = String(e);
        res.writeHead(502);
        res.end(String(e));
      });
      up.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      children.push({ kill: () => server.close(), exitCode: null });
      resolve(`http://127.0.0.1:${server.address().port}`);
    });
  });
}

async function startBackstage(port, coder) {
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const child = spawnLogged(process.execPath, [path.join(__dirname, 'backend.js')], {
    BACKSTAGE_PORT: String(port),
    CODER_URL: coder,
    CODER_OAUTH_CLIENT_ID: CLIENT_ID,
    CODER_OAUTH_CLIENT_SECRET: CLIENT_SECRET,
  });
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (r.ok) {
        observed.backendReadyMs = Date.now() - t0;
        backstagePid = child.pid;
        return url;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`Backstage backend did not become ready:\n${child.output}`);
}

function rssKb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : null;
}

function tapSince(mark) {
  return tapLog.slice(mark);
}

async function json(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function proxy(p, headers = {}, init = {}) {
  return fetch(`${backstageUrl}/api/proxy/coder${p}`, { headers, redirect: 'manual', ...init });
}

function bearer() {
  return { Authorization: `Bearer ${backstageToken}` };
}

test.before(async () => {
  // The backend's port must be known before the fake Coder starts: it is
  // part of the redirect URI registered there.
  const port = await freePort();
  coderUrl = await startDemoServer(`http://127.0.0.1:${port}`);
  tapUrl = await startTap(coderUrl);
  backstageUrl = await startBackstage(port, tapUrl);
});

test.after(() => {
  if (backstagePid) observed.backendRssKbAtEnd = rssKb(backstagePid);
  for (const c of children) if (c.exitCode === null) c.kill();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'observations.json'), JSON.stringify(observed, null, 2) + '\n');
});

test('guest sign-in gives a Backstage token for user:development/guest', async () => {
  const withoutXhr = await fetch(`${backstageUrl}/api/auth/guest/refresh`);
  observed.guestRefreshWithoutXRequestedWith = { status: withoutXhr.status, body: await json(withoutXhr) };

  const t0 = Date.now();
  const res = await fetch(`${backstageUrl}/api/auth/guest/refresh`, { headers: XHR });
  observed.guestRefreshMs = Date.now() - t0;
  assert.equal(res.status, 200);
  const body = await res.json();
  backstageToken = body.backstageIdentity.token;
  assert.match(backstageToken, /^ey[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(body.backstageIdentity.identity.userEntityRef, 'user:development/guest');
  const [header, payload] = backstageToken.split('.').slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
  observed.guestRefresh = {
    status: res.status,
    topLevelKeys: Object.keys(body),
    identity: body.backstageIdentity.identity,
    tokenHeader: header,
    tokenPayloadKeys: Object.keys(payload),
    tokenSub: payload.sub,
    tokenLifetimeS: payload.exp - payload.iat,
  };
});

test('the proxy reaches the fake Coder with both tokens', async () => {
  const mark = tapLog.length;
  const res = await proxy('/api/v2/users/me', {
    ...bearer(),
    'Coder-Session-Token': CODER_TOKEN,
    Cookie: 'backstage-auth=whatever; other=1',
    'X-Custom-Header': 'x',
    'X-Requested-With': 'XMLHttpRequest',
    Accept: 'application/json',
    Origin: 'http://127.0.0.1:3000',
    Referer: 'http://127.0.0.1:3000/catalog',
  });
  const body = await json(res);
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.username, 'demo');
  const seen = tapSince(mark);
  assert.equal(seen.length, 1);
  const got = seen[0];
  observed.proxyForward = {
    status: res.status,
    upstreamPath: got.url,
    headersReachingCoder: Object.keys(got.headers).sort(),
    authorizationReachingCoder: got.headers.authorization === `Bearer ${backstageToken}`
      ? 'the Backstage bearer, unchanged' : got.headers.authorization ?? null,
    hostReachingCoder: got.headers.host,
    cookieReachingCoder: got.headers.cookie ?? null,
    responseHeadersFromCoder: Object.keys(got.upstreamHeaders).sort(),
    responseHeadersReachingBrowser: [...res.headers.keys()].sort(),
  };
  assert.equal(got.headers['coder-session-token'], CODER_TOKEN);
});

test("Coder's Retry-After on a 429 does not pass the proxy", async () => {
  // The fake Coder's own rate limiting, scoped to one search query so no
  // other request is touched.
  const q = 'smoke-retry-after';
  const set = await fetch(`${coderUrl}/__demo/faults?query=${q}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fail_rate: 1, fail_status: 429, retry_after_s: 3 }),
  });
  assert.equal(set.status, 200, await set.text());
  const mark = tapLog.length;
  const res = await proxy(`/api/v2/workspaces?q=${q}`, { ...bearer(), 'Coder-Session-Token': CODER_TOKEN });
  const body = await json(res);
  const seen = tapSince(mark);
  assert.equal(seen.length, 1);
  observed.proxy429 = {
    status: res.status,
    body,
    retryAfterFromCoder: seen[0].upstreamHeaders['retry-after'] ?? null,
    retryAfterReachingBrowser: res.headers.get('retry-after'),
    responseHeadersFromCoder: Object.keys(seen[0].upstreamHeaders).sort(),
    responseHeadersReachingBrowser: [...res.headers.keys()].sort(),
  };
  assert.equal(res.status, 429);
  assert.equal(seen[0].upstreamHeaders['retry-after'], '3');
  assert.equal(res.headers.get('retry-after'), null);
});

test('without Backstage credentials the proxy answers 401 itself', async () => {
  const mark = tapLog.length;
  const res = await proxy('/api/v2/users/me', { 'Coder-Session-Token': CODER_TOKEN });
  const body = await json(res);
  observed.proxyNoBearer = { status: res.status, contentType: res.headers.get('content-type'), body };
  assert.equal(res.status, 401);
  assert.equal(body.error.name, 'AuthenticationError');
  assert.equal(body.response.statusCode, 401);
  assert.equal(tapSince(mark).length, 0, 'nothing reaches Coder');

  const bad = await proxy('/api/v2/users/me', { Authorization: 'Bearer not-a-token', 'Coder-Session-Token': CODER_TOKEN });
  observed.proxyBadBearer = { status: bad.status, body: await json(bad) };
  assert.equal(bad.status, 401);

  const coder401 = await proxy('/api/v2/users/me', bearer());
  observed.proxyBearerButNoCoderToken = { status: coder401.status, body: await json(coder401) };
  assert.equal(coder401.status, 401);

  const post = await proxy('/api/v2/users/me', { ...bearer(), 'Coder-Session-Token': CODER_TOKEN }, { method: 'POST', body: '{}' });
  observed.proxyPostWithAllowedMethodsGet = { status: post.status, body: (await post.text()).slice(0, 200) };
});

test('template icons need Backstage credentials too (an <img> sends none)', async () => {
  const anon = await proxy('/icon/python.svg');
  const anonBody = await json(anon);
  const withBearer = await proxy('/icon/python.svg', bearer());
  await withBearer.arrayBuffer();
  observed.iconThroughProxy = {
    withoutCredentials: { status: anon.status, body: anonBody },
    withBearer: { status: withBearer.status, contentType: withBearer.headers.get('content-type') },
  };
  assert.equal(anon.status, 401);
  assert.equal(withBearer.status, 200);

  // Backstage's cookie auth: does the proxy accept the cookie it issues?
  const issue = await fetch(`${backstageUrl}/api/proxy/.backstage/auth/v1/cookie`, { headers: bearer() });
  const setCookie = issue.headers.getSetCookie();
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  const withCookie = await proxy('/icon/python.svg', cookie ? { Cookie: cookie } : {});
  observed.iconWithBackstageCookie = {
    cookieEndpointStatus: issue.status,
    cookieEndpointBody: await json(issue),
    cookieAttributes: setCookie.map((c) => c.replace(/=[^;]*/, '=<value>')),
    iconStatusWithCookie: withCookie.status,
  };
});

test('the catalog serves the Component with its spec.coder', async () => {
  const anon = await fetch(`${backstageUrl}/api/catalog/entities/by-name/component/default/python-project`);
  observed.catalogWithoutCredentials = { status: anon.status, body: await json(anon) };
  assert.equal(anon.status, 401);

  let res;
  let entity;
  // The catalog processes its locations shortly after start.
  for (let i = 0; i < 100; i++) {
    res = await fetch(`${backstageUrl}/api/catalog/entities/by-name/component/default/python-project`, { headers: bearer() });
    if (res.status === 200) {
      entity = await res.json();
      break;
    }
    await res.arrayBuffer();
    await sleep(200);
  }
  assert.equal(res.status, 200);
  assert.deepEqual(entity.spec.coder, {
    templateName: 'devcontainers',
    mode: 'auto',
    params: { region: 'us-pittsburgh' },
  });
  assert.equal(entity.metadata.annotations['backstage.io/source-location'],
    'url:https://github.com/coder/backstage-plugins/tree/main/');
  const user = await fetch(`${backstageUrl}/api/catalog/entities/by-name/user/default/demo`, { headers: bearer() });
  assert.equal(user.status, 200);
  await user.arrayBuffer();
  observed.catalog = { componentStatus: 200, specCoder: entity.spec.coder, userDemoStatus: user.status };
});


// A browser's cookie jar, as far as this flow needs one: cookies are kept
// per name and path (all servers here are on 127.0.0.1, and cookies don't
// separate ports), a Set-Cookie with an empty value or a past expiry
// removes one, and a request carries those whose path covers its own.
class CookieJar {
  constructor() {
    this.cookies = new Map();
  }

  update(res, requestUrl) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = Object.fromEntries(attrs.map((a) => {
        const i = a.indexOf('=');
        return i < 0 ? [a.toLowerCase(), true] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }));
      const reqPath = new URL(requestUrl).pathname;
      const cookiePath = attr.path || reqPath.slice(0, reqPath.lastIndexOf('/')) || '/';
      const key = `${name}\n${cookiePath}`;
      const expired = attr['max-age'] !== undefined ? Number(attr['max-age']) <= 0
        : attr.expires !== undefined && Date.parse(attr.expires) <= Date.now();
      if (value === '' || expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path: cookiePath });
    }
  }

  header(url) {
    const p = new URL(url).pathname;
    const covers = (c) => p === c.path || p.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`);
    return [...this.cookies.values()].filter(covers).map((c) => `${c.name}=${c.value}`).join('; ');
  }

  get(name) {
    return [...this.cookies.values()].find((c) => c.name === name)?.value;
  }

  // One request as the browser would send it: cookies attached, the
  // answer's cookies kept, redirects left to the caller.
  async fetch(url, init = {}) {
    const headers = { ...init.headers };
    const cookie = this.header(url);
    if (cookie) headers.Cookie = cookie;
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.update(res, url);
    return res;
  }
}

// The frame page posts `decodeURIComponent('<json>')` to the opener; its
// target origin is in the script too.
function framePage(html) {
  const m = /var authResponse = decodeURIComponent\('([^']*)'\)/.exec(html);
  const o = /var origin = decodeURIComponent\('([^']*)'\)/.exec(html);
  return {
    message: m ? JSON.parse(decodeURIComponent(m[1])) : null,
    targetOrigin: o ? decodeURIComponent(o[1]) : null,
  };
}

function redactedCookies(res) {
  return res.headers.getSetCookie().map((c) => c.replace(/=[^;]*/, (v) => (v === '=' ? '=' : '=<value>')));
}

function tokenCalls(calls) {
  return calls.filter((c) => c.method === 'POST' && c.url.startsWith('/oauth2/tokens'));
}

function tokenAnswer(call) {
  try {
    return JSON.parse(call.upstreamBody);
  } catch {
    return {};
  }
}

// The whole popup sign-in over plain HTTP: the backend's /start, the fake
// Coder's consent page (through the tap, as the backend's deployment URL
// is the tap), the decision, and the redirect back to the backend's frame
// page. `decision` is the consent button's value.
async function popupSignIn(decision) {
  const jar = new CookieJar();
  const mark = tapLog.length;
  const startUrl = `${backstageUrl}/api/auth/coder/start?env=development`;
  const start = await jar.fetch(startUrl);
  assert.equal(start.status, 302, `/start answered ${start.status}: ${await start.text()}`);
  const authorizeUrl = new URL(start.headers.get('location'));
  assert.equal(`${authorizeUrl.origin}${authorizeUrl.pathname}`, `${tapUrl}/oauth2/authorize`);
  assert.ok(jar.get('coder-nonce'), 'the backend set coder-nonce');

  const consent = await jar.fetch(authorizeUrl.href);
  const consentHtml = await consent.text();
  assert.equal(consent.status, 200, `the consent page answered ${consent.status}: ${consentHtml.slice(0, 500)}`);
  const form = /<form method="post" action="([^"]+)">/.exec(consentHtml);
  const consentId = /name="consent" value="([^"]+)"/.exec(consentHtml);
  const buttons = [...consentHtml.matchAll(/name="decision" value="([^"]+)">([^<]*)</g)].map((b) => ({ value: b[1], label: b[2] }));
  assert.ok(form && consentId, `a consent form with a consent id: ${consentHtml.slice(0, 500)}`);
  assert.ok(jar.get('coder-oauth-browser'), 'the consent page set coder-oauth-browser');
  assert.ok(buttons.some((b) => b.value === decision), `a "${decision}" button among ${JSON.stringify(buttons)}`);

  const decideUrl = new URL(form[1], authorizeUrl).href;
  const decided = await jar.fetch(decideUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', Origin: tapUrl, Referer: authorizeUrl.href },
    body: new URLSearchParams({ consent: consentId[1], decision }).toString(),
  });
  const decidedBody = await decided.text();
  assert.equal(decided.status, 302, `the decision answered ${decided.status}: ${decidedBody.slice(0, 500)}`);
  const callback = new URL(decided.headers.get('location'));

  const frame = await jar.fetch(callback.href);
  const html = await frame.text();
  const page = framePage(html);
  assert.ok(page.message, `the frame page carries a message: ${frame.status} ${html.slice(0, 500)}`);
  return {
    jar,
    start,
    authorizeUrl,
    consent,
    consentHtml,
    buttons,
    callback,
    frame,
    html,
    ...page,
    calls: tapSince(mark),
  };
}

function describeSuccess(message) {
  const { profile, providerInfo, ...rest } = message.response;
  return {
    type: message.type,
    keys: Object.keys(message),
    responseKeys: Object.keys(message.response),
    profile,
    providerInfo: { ...providerInfo, accessToken: '<access token>' },
    other: rest,
  };
}

test('the Coder auth module: /start redirects to the fake Coder with the registered callback', async () => {
  const startRes = await fetch(`${backstageUrl}/api/auth/coder/start?env=development`, { redirect: 'manual' });
  assert.equal(startRes.status, 302);
  const location = new URL(startRes.headers.get('location'));
  assert.equal(`${location.origin}${location.pathname}`, `${tapUrl}/oauth2/authorize`);
  const q = Object.fromEntries(location.searchParams);
  assert.equal(q.client_id, CLIENT_ID);
  assert.equal(q.response_type, 'code');
  assert.equal(q.redirect_uri, `${backstageUrl}/api/auth/coder/handler/frame`);
  const state = Object.fromEntries(new URLSearchParams(Buffer.from(q.state, 'hex').toString()));
  observed.coderStart = {
    status: startRes.status,
    authorizeQueryParams: Object.keys(q),
    query: { ...q, state: '<hex of url-encoded pairs>' },
    stateDecodedKeys: Object.keys(state),
    setCookie: redactedCookies(startRes),
  };
  assert.equal(state.env, 'development');
  assert.ok(state.nonce);

  const scoped = await fetch(`${backstageUrl}/api/auth/coder/start?env=development&scope=all&origin=${encodeURIComponent('http://127.0.0.1:3000')}`, { redirect: 'manual' });
  const scopedLoc = new URL(scoped.headers.get('location'));
  observed.coderStartWithScopeAndOrigin = {
    status: scoped.status,
    authorizeQueryParams: [...scopedLoc.searchParams.keys()],
    scope: scopedLoc.searchParams.get('scope'),
    stateDecodedKeys: [...new URLSearchParams(Buffer.from(scopedLoc.searchParams.get('state'), 'hex').toString()).keys()],
  };
  assert.equal(scopedLoc.searchParams.get('scope'), 'all');
});

let signedIn; // the Allow sign-in, for the refresh test

test('Allow: consent, code, token exchange, and a frame page with a working access token', async () => {
  const t0 = Date.now();
  const s = await popupSignIn('allow');
  observed.coderSignInMs = Date.now() - t0;
  const startState = s.authorizeUrl.searchParams.get('state');

  // The fake Coder's redirect: the registered callback, a code, the state.
  assert.equal(`${s.callback.origin}${s.callback.pathname}`, `${backstageUrl}/api/auth/coder/handler/frame`);
  assert.ok(s.callback.searchParams.get('code'));
  assert.equal(s.callback.searchParams.get('state'), startState);

  const tokens = tokenCalls(s.calls);
  assert.equal(tokens.length, 1, `one POST /oauth2/tokens; the tap saw ${JSON.stringify(s.calls.map((c) => `${c.method} ${c.url} ${c.upstreamStatus}`))}`);
  const tokenCall = tokens[0];
  const form = Object.fromEntries(new URLSearchParams(tokenCall.body));
  const issued = tokenAnswer(tokenCall);
  const profileCall = s.calls.find((c) => c.url.startsWith('/api/v2/users/me'));
  observed.coderConsentPage = {
    status: s.consent.status,
    setCookie: redactedCookies(s.consent),
    buttons: s.buttons,
  };
  observed.coderConsentRedirect = {
    location: `${s.callback.origin}${s.callback.pathname}`,
    queryParams: [...s.callback.searchParams.keys()],
  };
  observed.coderTokenExchange = {
    method: tokenCall.method,
    path: tokenCall.url,
    requestHeaders: Object.keys(tokenCall.headers).sort(),
    contentType: tokenCall.headers['content-type'],
    accept: tokenCall.headers.accept ?? null,
    userAgent: tokenCall.headers['user-agent'] ?? null,
    authorizationHeader: tokenCall.headers.authorization ? `${tokenCall.headers.authorization.split(' ')[0]} <…>` : null,
    formFields: Object.keys(form),
    form: {
      ...form,
      code: '<code from the redirect>',
      client_secret: form.client_secret === CLIENT_SECRET ? '<the configured secret>' : form.client_secret,
    },
    coderStatus: tokenCall.upstreamStatus,
    coderAnswerKeys: Object.keys(issued),
    coderAnswer: { ...issued, access_token: '<access token>', refresh_token: '<refresh token>' },
    profileCall: profileCall && {
      path: profileCall.url,
      authorization: (profileCall.headers.authorization || '').replace(/ .*/, ' <access token>'),
      headers: Object.keys(profileCall.headers).sort(),
      coderStatus: profileCall.upstreamStatus,
    },
  };
  assert.equal(form.grant_type, 'authorization_code');
  assert.equal(form.code, s.callback.searchParams.get('code'));
  assert.equal(form.redirect_uri, `${backstageUrl}/api/auth/coder/handler/frame`);

  observed.coderFrameSuccess = {
    status: s.frame.status,
    contentType: s.frame.headers.get('content-type'),
    setCookie: redactedCookies(s.frame),
    targetOrigin: s.targetOrigin,
    message: s.message.response ? describeSuccess(s.message) : s.message,
  };
  assert.equal(tokenCall.upstreamStatus, 200, `the fake Coder refused the exchange: ${tokenCall.upstreamBody}`);
  assert.equal(s.frame.status, 200);
  assert.equal(s.message.type, 'authorization_response');
  assert.equal(s.message.error, undefined, `the frame page reported an error: ${JSON.stringify(s.message.error)}`);
  const accessToken = s.message.response.providerInfo.accessToken;
  assert.equal(accessToken, issued.access_token, 'the frame page carries the token the fake Coder issued');
  assert.equal(profileCall?.upstreamStatus, 200, 'the module read the profile with the new token');

  // The token is a Coder credential: as Bearer on Coder itself...
  const direct = await fetch(`${coderUrl}/api/v2/users/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  const directBody = await json(direct);
  assert.equal(direct.status, 200, JSON.stringify(directBody));
  assert.equal(directBody.username, 'demo');
  // ...and as Coder-Session-Token through the real proxy, where
  // Authorization is taken by the Backstage token.
  const mark = tapLog.length;
  const proxied = await proxy('/api/v2/users/me', { ...bearer(), 'Coder-Session-Token': accessToken });
  const proxiedBody = await json(proxied);
  assert.equal(proxied.status, 200, JSON.stringify(proxiedBody));
  assert.equal(proxiedBody.username, 'demo');
  assert.equal(tapSince(mark)[0].headers['coder-session-token'], accessToken);
  observed.coderAccessTokenUse = { bearerOnCoder: direct.status, sessionTokenThroughProxy: proxied.status };

  const refreshCookie = s.jar.get('coder-refresh-token');
  assert.ok(refreshCookie, `the frame page sets coder-refresh-token; got ${JSON.stringify(redactedCookies(s.frame))}`);
  observed.coderFrameSuccess.refreshCookieIsCodersRefreshToken = refreshCookie === issued.refresh_token;
  signedIn = { jar: s.jar, issued };
});

test('refresh: a new access token, and the fake Coder rotated the refresh token', async () => {
  assert.ok(signedIn, 'needs the Allow sign-in of the test before, which failed');
  const { jar, issued } = signedIn;
  const refreshUrl = `${backstageUrl}/api/auth/coder/refresh?env=development`;

  const noXhr = await jar.fetch(refreshUrl);
  observed.coderRefreshWithoutXRequestedWith = { status: noXhr.status, body: await json(noXhr) };
  assert.equal(noXhr.status, 401);

  const mark = tapLog.length;
  const refresh = await jar.fetch(refreshUrl, { headers: XHR });
  const body = await json(refresh);
  const calls = tokenCalls(tapSince(mark));
  assert.equal(refresh.status, 200, JSON.stringify(body));
  assert.equal(calls.length, 1);
  const form = Object.fromEntries(new URLSearchParams(calls[0].body));
  const rotated = tokenAnswer(calls[0]);
  const newAccess = body.providerInfo.accessToken;
  observed.coderRefresh = {
    status: refresh.status,
    bodyKeys: Object.keys(body),
    providerInfo: { ...body.providerInfo, accessToken: '<access token>' },
    profile: body.profile,
    backstageIdentity: body.backstageIdentity ?? null,
    setCookie: redactedCookies(refresh),
    tokenCall: {
      requestHeaders: Object.keys(calls[0].headers).sort(),
      formFields: Object.keys(form),
      grantType: form.grant_type,
      scope: form.scope ?? null,
      sentTheIssuedRefreshToken: form.refresh_token === issued.refresh_token,
      coderStatus: calls[0].upstreamStatus,
    },
  };
  assert.equal(form.grant_type, 'refresh_token');
  assert.equal(form.refresh_token, issued.refresh_token);
  assert.equal(calls[0].upstreamStatus, 200, calls[0].upstreamBody);
  assert.equal(newAccess, rotated.access_token);
  assert.notEqual(newAccess, issued.access_token, 'a NEW access token');
  assert.notEqual(rotated.refresh_token, issued.refresh_token, 'a new refresh token');

  // Rotation, checked at the fake Coder itself: the old refresh token and
  // the old access token are dead, the new access token works.
  const oldRefresh = await fetch(`${coderUrl}/oauth2/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token', refresh_token: issued.refresh_token,
      client_id: CLIENT_ID, client_secret: CODER_CLIENT_SECRET,
    }).toString(),
  });
  const oldRefreshBody = await json(oldRefresh);
  const me = (t) => fetch(`${coderUrl}/api/v2/users/me`, { headers: { Authorization: `Bearer ${t}` } });
  const oldAccess = await me(issued.access_token);
  const oldAccessBody = await json(oldAccess);
  const newAccessRes = await me(newAccess);
  await newAccessRes.arrayBuffer();
  observed.coderRotation = {
    oldRefreshToken: { status: oldRefresh.status, body: oldRefreshBody },
    oldAccessToken: { status: oldAccess.status, body: oldAccessBody },
    newAccessToken: { status: newAccessRes.status },
  };
  assert.equal(oldRefresh.status, 400);
  assert.equal(oldRefreshBody.error, 'invalid_grant');
  assert.equal(oldAccess.status, 401);
  assert.equal(newAccessRes.status, 200);

  // The backend replaced its cookie with the rotated token, so the app's
  // next refresh works too.
  assert.equal(jar.get('coder-refresh-token'), rotated.refresh_token, 'the refresh cookie now holds the rotated token');
  const again = await jar.fetch(refreshUrl, { headers: XHR });
  const againBody = await json(again);
  observed.coderSecondRefresh = { status: again.status };
  assert.equal(again.status, 200, JSON.stringify(againBody));
  assert.notEqual(againBody.providerInfo.accessToken, newAccess);

  // A stale cookie (the first refresh token, rotated away): what the app
  // gets when its refresh token was revoked at Coder.
  const stale = await fetch(refreshUrl, { headers: { ...XHR, Cookie: `coder-refresh-token=${issued.refresh_token}` } });
  const staleBody = await json(stale);
  observed.coderRefreshWithRevokedToken = { status: stale.status, setCookie: redactedCookies(stale), body: staleBody };
  assert.equal(stale.status, 401, JSON.stringify(staleBody));
  assert.equal(staleBody.error?.name, 'AuthenticationError');
});

test('Deny: the frame page reports the error and no refresh cookie is set', async () => {
  const s = await popupSignIn('deny');
  const startState = s.authorizeUrl.searchParams.get('state');
  assert.equal(`${s.callback.origin}${s.callback.pathname}`, `${backstageUrl}/api/auth/coder/handler/frame`);
  assert.equal(s.callback.searchParams.get('error'), 'access_denied');
  assert.equal(s.callback.searchParams.get('code'), null);
  assert.equal(s.callback.searchParams.get('state'), startState);
  observed.coderFrameDeny = {
    redirectQueryParams: [...s.callback.searchParams.keys()],
    status: s.frame.status,
    contentType: s.frame.headers.get('content-type'),
    setCookie: redactedCookies(s.frame),
    targetOrigin: s.targetOrigin,
    message: s.message,
    tokenCalls: tokenCalls(s.calls).length,
  };
  // What the card gets from the popup on Deny: passport-oauth2's message
  // for error=access_denied, followed by the (absent) error_description.
  assert.deepEqual(s.message, {
    type: 'authorization_response',
    error: { name: 'Error', message: 'Authentication rejected, ' },
  });
  assert.equal(tokenCalls(s.calls).length, 0, 'no token exchange after Deny');
  assert.equal(s.jar.get('coder-refresh-token'), undefined, 'no refresh cookie after Deny');
});
