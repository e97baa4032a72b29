// Smoke test of a real Backstage backend in front of the demo server's fake
// Coder: what the real proxy, guest auth, catalog and Coder auth module do,
// observed over plain HTTP. Run by run-smoke.sh (which builds and installs
// what it needs); writes what it saw to target/backstage-smoke/observations.json.
//
// Between the backend and the fake Coder sits a recording tap, so the test
// sees exactly which headers and bodies the real backend sends to Coder.
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

async function startDemoServer() {
  // --port 0: the OS picks a free port; the server prints where it listens.
  const child = spawnLogged(DEMO_SERVER, [
    '--port', '0', '--token', CODER_TOKEN,
    '--web-root', path.join(REPO_ROOT, 'demo/web'), '--pkg-dir', path.join(REPO_ROOT, 'pkg'),
  ]);
  for (let i = 0; i < 300; i++) {
    const m = /Coder demo server on (http:\/\/\S+)/.exec(child.output);
    if (m) return m[1];
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`demo server did not start:\n${child.output}`);
}

// Until the demo server is a real OAuth2 provider (POST /oauth2/tokens,
// Bearer on /api/v2), the tap plays those two parts so the auth module's
// whole flow can be observed; once the demo server answers them itself,
// the tap only records.
const SHIM_PREFIX = 'tap-shim-access-';

function startTap(upstream) {
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry = { method: req.method, url: req.url, headers: { ...req.headers }, body: body.toString() };
      tapLog.push(entry);
      const headers = { ...req.headers, host: target.host };
      const auth = req.headers.authorization || '';
      if (auth.startsWith(`Bearer ${SHIM_PREFIX}`) && !req.headers['coder-session-token']) {
        headers['coder-session-token'] = CODER_TOKEN;
        entry.shim = 'bearer mapped to session token';
      }
      const probe = new URL(req.url, 'http://x').searchParams.has('tap_probe');
      const up = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (upRes) => {
          const upChunks = [];
          upRes.on('data', (c) => upChunks.push(c));
          upRes.on('end', () => {
            const upBody = Buffer.concat(upChunks);
            entry.upstreamStatus = upRes.statusCode;
            const missing = upRes.statusCode === 404 || upRes.statusCode === 405;
            if (req.method === 'POST' && req.url.startsWith('/oauth2/tokens') && missing) {
              entry.shim = 'token endpoint';
              const form = new URLSearchParams(body.toString());
              const n = form.get('grant_type') === 'refresh_token' ? 2 : 1;
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(JSON.stringify({
                access_token: `${SHIM_PREFIX}${n}`,
                token_type: 'Bearer',
                refresh_token: `tap-shim-refresh-${n}`,
                expires_in: 3600,
              }));
              return;
            }
            const out = { ...upRes.headers };
            if (probe) {
              // Response headers a Coder might send, to see which the proxy passes.
              out['set-cookie'] = ['coder_session_token=from-coder; Path=/; HttpOnly'];
              out['retry-after'] = '3';
              out['x-tap-probe'] = '1';
              out['www-authenticate'] = 'Bearer';
            }
            res.writeHead(upRes.statusCode, out);
            res.end(upBody);
          });
        },
      );
      up.on('error', (e) => {
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

async function startBackstage(coder) {
  const port = await freePort();
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

// The popup page's payload: the handler answers with a script that posts
// decodeURIComponent('<json>') to the opener.
function webMessage(html) {
  const m = /var authResponse = decodeURIComponent\('([^']*)'\)/.exec(html);
  return m ? JSON.parse(decodeURIComponent(m[1])) : { unparsed: html.slice(0, 300) };
}

function describeMessage(msg) {
  if (!msg.response) return msg;
  const { profile, providerInfo, ...rest } = msg.response;
  return {
    type: msg.type,
    responseKeys: Object.keys(msg.response),
    profile,
    providerInfo: { ...providerInfo, accessToken: providerInfo.accessToken ? '<access token>' : providerInfo.accessToken },
    backstageIdentity: rest.backstageIdentity ?? null,
  };
}

function proxy(p, headers = {}, init = {}) {
  return fetch(`${backstageUrl}/api/proxy/coder${p}`, { headers, redirect: 'manual', ...init });
}

function bearer() {
  return { Authorization: `Bearer ${backstageToken}` };
}

test.before(async () => {
  coderUrl = await startDemoServer();
  tapUrl = await startTap(coderUrl);
  backstageUrl = await startBackstage(tapUrl);
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
  const res = await proxy('/api/v2/users/me?tap_probe=1', {
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
    responseHeadersReachingBrowser: [...res.headers.keys()].sort(),
  };
  assert.equal(got.headers['coder-session-token'], CODER_TOKEN);
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

test('the Coder auth module: /start redirect, token exchange, profile, refresh', async () => {
  const startRes = await fetch(`${backstageUrl}/api/auth/coder/start?env=development`, { redirect: 'manual' });
  assert.equal(startRes.status, 302);
  const location = new URL(startRes.headers.get('location'));
  assert.equal(`${location.origin}${location.pathname}`, `${tapUrl}/oauth2/authorize`);
  const q = Object.fromEntries(location.searchParams);
  assert.equal(q.client_id, CLIENT_ID);
  assert.equal(q.response_type, 'code');
  assert.equal(q.redirect_uri, `${backstageUrl}/api/auth/coder/handler/frame`);
  const state = Object.fromEntries(new URLSearchParams(Buffer.from(q.state, 'hex').toString()));
  const startCookies = startRes.headers.getSetCookie();
  observed.coderStart = {
    status: startRes.status,
    authorizeQueryParams: Object.keys(q),
    query: { ...q, state: '<hex of url-encoded pairs>' },
    stateDecodedKeys: Object.keys(state),
    setCookie: startCookies.map((c) => c.replace(/=[^;]+/, '=<value>')),
  };

  const scoped = await fetch(`${backstageUrl}/api/auth/coder/start?env=development&scope=all&origin=${encodeURIComponent('http://127.0.0.1:3000')}`, { redirect: 'manual' });
  const scopedLoc = new URL(scoped.headers.get('location'));
  observed.coderStartWithScopeAndOrigin = {
    status: scoped.status,
    authorizeQueryParams: [...scopedLoc.searchParams.keys()],
    scope: scopedLoc.searchParams.get('scope'),
    stateDecodedKeys: [...new URLSearchParams(Buffer.from(scopedLoc.searchParams.get('state'), 'hex').toString()).keys()],
  };

  // What the browser does after Coder's consent: Coder redirects to the
  // handler with a code, the nonce cookie goes along.
  const nonceCookie = startCookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('coder-nonce=') && c !== 'coder-nonce=');
  const mark = tapLog.length;
  const handler = await fetch(
    `${backstageUrl}/api/auth/coder/handler/frame?code=smoke-code&state=${q.state}`,
    { headers: { Cookie: nonceCookie }, redirect: 'manual' },
  );
  const html = await handler.text();
  const calls = tapSince(mark);
  const tokenCall = calls.find((c) => c.url.startsWith('/oauth2/tokens'));
  assert.ok(tokenCall, `the module called POST /oauth2/tokens; tap saw ${JSON.stringify(calls.map((c) => c.url))}`);
  const form = Object.fromEntries(new URLSearchParams(tokenCall.body));
  const profileCall = calls.find((c) => c.url.startsWith('/api/v2/users/me'));
  const handlerCookies = handler.headers.getSetCookie();
  observed.coderTokenExchange = {
    method: tokenCall.method,
    path: tokenCall.url,
    contentType: tokenCall.headers['content-type'],
    authorizationHeader: tokenCall.headers.authorization ? tokenCall.headers.authorization.split(' ')[0] + ' <…>' : null,
    formFields: Object.keys(form),
    form: { ...form, client_secret: form.client_secret === CLIENT_SECRET ? '<the configured secret>' : form.client_secret },
    answeredBy: tokenCall.shim ? 'smoke tap shim (demo server has no /oauth2/tokens)' : `demo server (${tokenCall.upstreamStatus})`,
    profileCall: profileCall && {
      path: profileCall.url,
      authorization: (profileCall.headers.authorization || '').replace(/ .*/, ' <access token>'),
      headers: Object.keys(profileCall.headers).sort(),
      upstreamStatus: profileCall.upstreamStatus,
    },
    handlerStatus: handler.status,
    handlerContentType: handler.headers.get('content-type'),
    handlerSetCookie: handlerCookies.map((c) => c.replace(/=[^;]+/, '=<value>')),
    handlerMessage: describeMessage(webMessage(html)),
  };
  assert.equal(tokenCall.method, 'POST');
  assert.equal(form.grant_type, 'authorization_code');
  assert.equal(form.code, 'smoke-code');
  assert.equal(form.redirect_uri, `${backstageUrl}/api/auth/coder/handler/frame`);
  assert.equal(handler.status, 200);
  const message = webMessage(html);
  assert.equal(message.type, 'authorization_response');
  assert.equal(message.error, undefined, JSON.stringify(message.error));
  assert.ok(message.response.providerInfo.accessToken);

  // The app's OAuth2 refresh: the refresh-token cookie set by the handler
  // (the first Set-Cookie of that name clears an older domain cookie).
  const refreshCookie = handlerCookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('coder-refresh-token=') && c !== 'coder-refresh-token=');
  assert.ok(refreshCookie, `the handler sets coder-refresh-token; got ${handlerCookies}`);
  {
    const mark2 = tapLog.length;
    const refresh = await fetch(`${backstageUrl}/api/auth/coder/refresh?optional&scope=&env=development`, {
      headers: { ...XHR, Cookie: refreshCookie },
    });
    const refreshBody = await json(refresh);
    const refreshCall = tapSince(mark2).find((c) => c.url.startsWith('/oauth2/tokens'));
    const noXhr = await fetch(`${backstageUrl}/api/auth/coder/refresh?optional&scope=&env=development`, {
      headers: { Cookie: refreshCookie },
    });
    observed.coderRefreshWithoutXRequestedWith = { status: noXhr.status, body: await json(noXhr) };
    observed.coderRefresh = {
      status: refresh.status,
      bodyKeys: typeof refreshBody === 'object' ? Object.keys(refreshBody) : refreshBody,
      providerInfoKeys: refreshBody.providerInfo && Object.keys(refreshBody.providerInfo),
      error: refreshBody.error ?? null,
      profile: refreshBody.profile,
      backstageIdentity: refreshBody.backstageIdentity ?? null,
      tokenCall: refreshCall && {
        formFields: [...new URLSearchParams(refreshCall.body).keys()],
        scope: new URLSearchParams(refreshCall.body).get('scope'),
        grantType: new URLSearchParams(refreshCall.body).get('grant_type'),
        answeredBy: refreshCall.shim ? 'smoke tap shim' : `demo server (${refreshCall.upstreamStatus})`,
      },
    };
    assert.equal(refresh.status, 200, JSON.stringify(refreshBody));
    assert.equal(observed.coderRefresh.tokenCall.grantType, 'refresh_token');
  }
});
