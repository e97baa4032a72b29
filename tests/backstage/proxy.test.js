// The real Backstage proxy, guest sign-in and catalog in front of the demo
// server's fake Coder, observed over plain HTTP (see stack.js); what they
// did lands in the "proxy" section of target/backstage-smoke/observations.json.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { CODER_TOKEN, XHR, json, sleep, useStack } = require('./stack');

const stack = useStack('proxy');
const { observed } = stack;

test('guest sign-in gives a Backstage token for user:development/guest', async () => {
  const withoutXhr = await fetch(`${stack.backstageUrl}/api/auth/guest/refresh`);
  observed.guestRefreshWithoutXRequestedWith = { status: withoutXhr.status, body: await json(withoutXhr) };

  const t0 = Date.now();
  const res = await fetch(`${stack.backstageUrl}/api/auth/guest/refresh`, { headers: XHR });
  observed.guestRefreshMs = Date.now() - t0;
  assert.equal(res.status, 200);
  const body = await res.json();
  stack.backstageToken = body.backstageIdentity.token;
  assert.match(stack.backstageToken, /^ey[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(body.backstageIdentity.identity.userEntityRef, 'user:development/guest');
  const [header, payload] = stack.backstageToken.split('.').slice(0, 2)
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
  const mark = stack.tapLog.length;
  const res = await stack.proxy('/api/v2/users/me', {
    ...stack.bearer(),
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
  const seen = stack.tapSince(mark);
  assert.equal(seen.length, 1);
  const got = seen[0];
  observed.proxyForward = {
    status: res.status,
    upstreamPath: got.url,
    headersReachingCoder: Object.keys(got.headers).sort(),
    authorizationReachingCoder: got.headers.authorization === `Bearer ${stack.backstageToken}`
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
  const set = await fetch(`${stack.coderUrl}/__demo/faults?query=${q}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fail_rate: 1, fail_status: 429, retry_after_s: 3 }),
  });
  assert.equal(set.status, 200, await set.text());
  const mark = stack.tapLog.length;
  const res = await stack.proxy(`/api/v2/workspaces?q=${q}`, { ...stack.bearer(), 'Coder-Session-Token': CODER_TOKEN });
  const body = await json(res);
  const seen = stack.tapSince(mark);
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
  const mark = stack.tapLog.length;
  const res = await stack.proxy('/api/v2/users/me', { 'Coder-Session-Token': CODER_TOKEN });
  const body = await json(res);
  observed.proxyNoBearer = { status: res.status, contentType: res.headers.get('content-type'), body };
  assert.equal(res.status, 401);
  assert.equal(body.error.name, 'AuthenticationError');
  assert.equal(body.response.statusCode, 401);
  assert.equal(stack.tapSince(mark).length, 0, 'nothing reaches Coder');

  const bad = await stack.proxy('/api/v2/users/me', { Authorization: 'Bearer not-a-token', 'Coder-Session-Token': CODER_TOKEN });
  observed.proxyBadBearer = { status: bad.status, body: await json(bad) };
  assert.equal(bad.status, 401);

  const coder401 = await stack.proxy('/api/v2/users/me', stack.bearer());
  observed.proxyBearerButNoCoderToken = { status: coder401.status, body: await json(coder401) };
  assert.equal(coder401.status, 401);

  const post = await stack.proxy('/api/v2/users/me', { ...stack.bearer(), 'Coder-Session-Token': CODER_TOKEN }, { method: 'POST', body: '{}' });
  observed.proxyPostWithAllowedMethodsGet = { status: post.status, body: (await post.text()).slice(0, 200) };
});

test('template icons need Backstage credentials too (an <img> sends none)', async () => {
  const anon = await stack.proxy('/icon/python.svg');
  const anonBody = await json(anon);
  const withBearer = await stack.proxy('/icon/python.svg', stack.bearer());
  await withBearer.arrayBuffer();
  observed.iconThroughProxy = {
    withoutCredentials: { status: anon.status, body: anonBody },
    withBearer: { status: withBearer.status, contentType: withBearer.headers.get('content-type') },
  };
  assert.equal(anon.status, 401);
  assert.equal(withBearer.status, 200);

  // Backstage's cookie auth: does the proxy accept the cookie it issues?
  const issue = await fetch(`${stack.backstageUrl}/api/proxy/.backstage/auth/v1/cookie`, { headers: stack.bearer() });
  const setCookie = issue.headers.getSetCookie();
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  const withCookie = await stack.proxy('/icon/python.svg', cookie ? { Cookie: cookie } : {});
  observed.iconWithBackstageCookie = {
    cookieEndpointStatus: issue.status,
    cookieEndpointBody: await json(issue),
    cookieAttributes: setCookie.map((c) => c.replace(/=[^;]*/, '=<value>')),
    iconStatusWithCookie: withCookie.status,
  };
});

test('the catalog serves the Component with its spec.coder', async () => {
  const anon = await fetch(`${stack.backstageUrl}/api/catalog/entities/by-name/component/default/python-project`);
  observed.catalogWithoutCredentials = { status: anon.status, body: await json(anon) };
  assert.equal(anon.status, 401);

  let res;
  let entity;
  // The catalog processes its locations shortly after start.
  for (let i = 0; i < 100; i++) {
    res = await fetch(`${stack.backstageUrl}/api/catalog/entities/by-name/component/default/python-project`, { headers: stack.bearer() });
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
  const user = await fetch(`${stack.backstageUrl}/api/catalog/entities/by-name/user/default/demo`, { headers: stack.bearer() });
  assert.equal(user.status, 200);
  await user.arrayBuffer();
  observed.catalog = { componentStatus: 200, specCoder: entity.spec.coder, userDemoStatus: user.status };
});
