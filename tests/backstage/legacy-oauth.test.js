// Upstream's stable line (0.4) links a Coder account through its own
// backend router, @coder/backstage-plugin-coder-backend 0.4.0, which
// backend.js mounts at /api/auth/coder in front of the auth backend. Its
// frontend opens Coder's /oauth2/authorize with the redirect URI
// <backend>/api/auth/coder/oauth/callback; the callback exchanges the code
// and answers a page that posts the token to the popup's opener. This file
// drives that over plain HTTP against the fake Coder (registered with that
// callback too) and checks the auth module's routes still work beside it.
// What they did lands in the "legacy-oauth" section of
// target/backstage-smoke/observations.json.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const vm = require('node:vm');
const { CLIENT_ID, XHR, CookieJar, json, useStack } = require('./stack');

const CALLBACK_PATH = '/api/auth/coder/oauth/callback';
const stack = useStack('legacy-oauth', { extraRedirectPaths: [CALLBACK_PATH] });
const { observed } = stack;

function tokenCalls(calls) {
  return calls.filter((c) => c.method === 'POST' && c.url.startsWith('/oauth2/tokens'));
}

function headersOf(res) {
  return Object.fromEntries([...res.headers].filter(([k]) => !['date', 'etag', 'content-length'].includes(k)));
}

// The 0.4 frontend's authorize URL: Coder's accessUrl (here the tap, the
// backend's Coder URL), the client id, the backend's callback, and a state
// that is base64 JSON of the page to return to.
function authorizeUrl() {
  const state = Buffer.from(JSON.stringify({ returnTo: '/catalog/default/component/python-project' })).toString('base64');
  const redirectUri = `${stack.backstageUrl}${CALLBACK_PATH}`;
  return `${stack.tapUrl}/oauth2/authorize?client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&state=${state}`;
}

// The popup's way through the fake Coder's consent page, as oauth.test.js
// does it: the page, then the form post with the chosen button. Returns the
// URL Coder redirected to, not yet followed.
async function consent(decision) {
  const jar = new CookieJar();
  const url = authorizeUrl();
  const page = await jar.fetch(url);
  const html = await page.text();
  assert.equal(page.status, 200, `the consent page answered ${page.status}: ${html.slice(0, 500)}`);
  const form = /<form method="post" action="([^"]+)">/.exec(html);
  const consentId = /name="consent" value="([^"]+)"/.exec(html);
  assert.ok(form && consentId, `a consent form with a consent id: ${html.slice(0, 500)}`);
  const decided = await jar.fetch(new URL(form[1], url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', Origin: stack.tapUrl, Referer: url },
    body: new URLSearchParams({ consent: consentId[1], decision }).toString(),
  });
  const body = await decided.text();
  assert.equal(decided.status, 302, `the decision answered ${decided.status}: ${body.slice(0, 500)}`);
  return { sentState: new URL(url).searchParams.get('state'), callback: new URL(decided.headers.get('location')) };
}

// The answer page's inline script, run as a browser would run it in the
// popup, with a stub opener: which message goes out, to which target
// origin, and whether the popup closes.
function runCallbackScript(html, opener) {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1, 'one inline script');
  const seen = { posted: [], closeScheduled: false, bodyHtml: null };
  const window = {
    opener: opener && {
      get location() {
        if (opener.crossOrigin) throw new Error('SecurityError: Blocked a frame from accessing a cross-origin frame.');
        return { origin: opener.origin };
      },
      postMessage(message, targetOrigin) {
        seen.posted.push({ message: JSON.parse(JSON.stringify(message)), targetOrigin });
      },
    },
    close() {},
  };
  const document = { body: { set innerHTML(v) { seen.bodyHtml = v; } } };
  vm.runInNewContext(scripts[0], { window, document, setTimeout: () => { seen.closeScheduled = true; } });
  return seen;
}

let allowed; // the Allow sign-in's callback, for the replay test

test('Allow: the 0.4 callback exchanges the code and posts a working Coder token to the opener', async () => {
  const { sentState, callback } = await consent('allow');
  assert.equal(`${callback.origin}${callback.pathname}`, `${stack.backstageUrl}${CALLBACK_PATH}`);
  assert.ok(callback.searchParams.get('code'));
  observed.consentRedirect = {
    location: `${callback.origin}${callback.pathname}`,
    queryParams: [...callback.searchParams.keys()],
    stateUnchanged: callback.searchParams.get('state') === sentState,
  };

  // The popup's request: no Backstage token, no cookie.
  const mark = stack.tapLog.length;
  const t0 = Date.now();
  const res = await fetch(callback.href, { redirect: 'manual' });
  const html = await res.text();
  observed.callbackMs = Date.now() - t0;
  const calls = stack.tapSince(mark);
  const tokens = tokenCalls(calls);
  assert.equal(tokens.length, 1, `one POST /oauth2/tokens; the tap saw ${JSON.stringify(calls.map((c) => `${c.method} ${c.url} ${c.upstreamStatus}`))}`);
  const tokenCall = tokens[0];
  const form = Object.fromEntries(new URLSearchParams(tokenCall.body));
  const issued = JSON.parse(tokenCall.upstreamBody);
  observed.tokenExchange = {
    method: tokenCall.method,
    path: tokenCall.url,
    requestHeaders: Object.keys(tokenCall.headers).sort(),
    contentType: tokenCall.headers['content-type'],
    userAgent: tokenCall.headers['user-agent'] ?? null,
    authorizationHeader: tokenCall.headers.authorization ?? null,
    formFields: Object.keys(form),
    form: { ...form, code: '<code from the redirect>', client_secret: '<the configured secret>' },
    coderStatus: tokenCall.upstreamStatus,
    coderAnswerKeys: Object.keys(issued),
    otherCallsToCoder: calls.filter((c) => c !== tokenCall).map((c) => `${c.method} ${c.url}`),
  };
  assert.equal(form.grant_type, 'authorization_code');
  assert.equal(form.code, callback.searchParams.get('code'));
  assert.equal(form.redirect_uri, `${stack.backstageUrl}${CALLBACK_PATH}`);
  assert.equal(tokenCall.upstreamStatus, 200, `the fake Coder refused the exchange: ${tokenCall.upstreamBody}`);

  const m = /window\.opener\.postMessage\(\s*(\{ type: '([^']*)', token: '([^']*)' \}),\s*targetOrigin\s*\)/.exec(html);
  const sameOrigin = runCallbackScript(html, { origin: stack.backstageUrl });
  const crossOrigin = runCallbackScript(html, { crossOrigin: true });
  const noOpener = runCallbackScript(html, null);
  const redact = (s) => s.split(issued.access_token).join('<access token>');
  observed.callbackSuccess = {
    status: res.status,
    headers: headersOf(res),
    setCookie: res.headers.getSetCookie(),
    postMessageSource: m && redact(m[1]),
    html: redact(html),
    // What the script does, run against a stub opener.
    openerSameOrigin: sameOrigin.posted.map((p) => ({ ...p, message: { ...p.message, token: '<access token>' } })),
    openerCrossOrigin: crossOrigin.posted.map((p) => ({ ...p, message: { ...p.message, token: '<access token>' } })),
    closesItself: sameOrigin.closeScheduled,
    noOpener: { posted: noOpener.posted.length, bodyHtml: noOpener.bodyHtml },
    tokenIsCodersAccessToken: m?.[3] === issued.access_token,
  };
  assert.equal(res.status, 200, html.slice(0, 500));
  assert.match(res.headers.get('content-type'), /^text\/html/);
  // The router's own CSP replaces helmet's whole policy for this answer.
  assert.equal(res.headers.get('content-security-policy'), "script-src 'unsafe-inline'");
  assert.ok(m, `a postMessage of the token in: ${html.slice(0, 800)}`);
  assert.equal(m[2], 'coder-oauth-success');
  assert.equal(m[3], issued.access_token, 'the page carries the token the fake Coder issued');
  assert.deepEqual(sameOrigin.posted, [{ message: { type: 'coder-oauth-success', token: issued.access_token }, targetOrigin: stack.backstageUrl }]);
  assert.deepEqual(crossOrigin.posted, [{ message: { type: 'coder-oauth-success', token: issued.access_token }, targetOrigin: '*' }]);
  assert.equal(sameOrigin.closeScheduled, true);

  // The token is a Coder session token.
  const me = await fetch(`${stack.coderUrl}/api/v2/users/me`, { headers: { 'Coder-Session-Token': issued.access_token } });
  const meBody = await json(me);
  observed.tokenUse = { sessionTokenOnCoder: me.status, username: meBody.username };
  assert.equal(me.status, 200, JSON.stringify(meBody));
  assert.equal(meBody.username, 'demo');
  allowed = { callback };
});

test('a failed code exchange (the same code again) answers 500 with an HTML error', async () => {
  assert.ok(allowed, 'needs the Allow sign-in of the test before, which failed');
  const mark = stack.tapLog.length;
  const res = await fetch(allowed.callback.href, { redirect: 'manual' });
  const body = await res.text();
  const [call] = tokenCalls(stack.tapSince(mark));
  observed.callbackReplayedCode = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    contentSecurityPolicy: res.headers.get('content-security-policy'),
    body,
    coderStatus: call?.upstreamStatus,
    coderBody: call && JSON.parse(call.upstreamBody),
  };
  assert.equal(call?.upstreamStatus, 400, 'the fake Coder refuses a used code');
  assert.equal(res.status, 500);
  assert.doesNotMatch(body, /coder-oauth-success/);
});

test('the redirect URI sent to Coder is rebuilt from the request (Host, protocol), not from backend.baseUrl', async () => {
  const { callback } = await consent('allow');
  const port = new URL(stack.backstageUrl).port;
  const mark = stack.tapLog.length;
  // The same callback reached under another host name, with a TLS
  // terminating proxy's header.
  const answer = await new Promise((resolve, reject) => {
    const req = http.get({
      host: '127.0.0.1', port, path: `${callback.pathname}${callback.search}`,
      headers: { Host: `localhost:${port}`, 'X-Forwarded-Proto': 'https' },
    }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
  });
  const [call] = tokenCalls(stack.tapSince(mark));
  const form = call ? Object.fromEntries(new URLSearchParams(call.body)) : {};
  observed.callbackUnderAnotherHost = {
    requestHost: `localhost:${port}`,
    xForwardedProto: 'https',
    redirectUriSent: form.redirect_uri,
    coderStatus: call?.upstreamStatus,
    coderBody: call && JSON.parse(call.upstreamBody),
    status: answer.status,
    body: answer.body,
  };
  assert.equal(form.redirect_uri, `http://localhost:${port}${CALLBACK_PATH}`);
  assert.equal(answer.status, 500);
});

test('Deny: the callback answers 400 and no token', async () => {
  const { sentState, callback } = await consent('deny');
  assert.equal(`${callback.origin}${callback.pathname}`, `${stack.backstageUrl}${CALLBACK_PATH}`);
  assert.equal(callback.searchParams.get('error'), 'access_denied');
  const mark = stack.tapLog.length;
  const res = await fetch(callback.href, { redirect: 'manual' });
  const body = await res.text();
  observed.callbackDeny = {
    redirectQuery: Object.fromEntries([...callback.searchParams].map(([k, v]) => [k, k === 'state' ? (v === sentState ? '<unchanged>' : v) : v])),
    status: res.status,
    headers: headersOf(res),
    body,
    callsToCoder: stack.tapSince(mark).length,
  };
  assert.equal(res.status, 400);
  assert.equal(body, 'Missing authorization code');
  assert.doesNotMatch(body, /coder-oauth-success|token/);
  assert.equal(stack.tapSince(mark).length, 0, 'nothing reaches Coder after Deny');
});

test("the auth backend's Coder provider still answers beside the 0.4 router", async () => {
  const base = `${stack.backstageUrl}/api/auth/coder`;
  const start = await fetch(`${base}/start?env=development`, { redirect: 'manual' });
  await start.arrayBuffer();
  assert.equal(start.status, 302);
  const location = new URL(start.headers.get('location'));
  assert.equal(`${location.origin}${location.pathname}`, `${stack.tapUrl}/oauth2/authorize`);
  assert.equal(location.searchParams.get('redirect_uri'), `${base}/handler/frame`);

  const health = await fetch(`${base}/health`);
  const healthBody = await json(health);
  const refresh = await fetch(`${base}/refresh?env=development`, { headers: XHR });
  const refreshBody = await json(refresh);
  const frame = await fetch(`${base}/handler/frame`, { redirect: 'manual' });
  const frameBody = await json(frame);
  const unknown = await fetch(`${base}/no-such-route`);
  const unknownBody = await json(unknown);
  // The 0.4 router parses JSON bodies for every path under it, the auth
  // backend's included, and answers a malformed one itself. Which router
  // answered shows in an error's request.url: relative to /api/auth for
  // the auth backend, to /api/auth/coder for the 0.4 router.
  const badJson = await fetch(`${base}/logout?env=development`, {
    method: 'POST', headers: { ...XHR, 'content-type': 'application/json' }, body: '{',
  });
  const badJsonBody = await json(badJson);
  const logout = await fetch(`${base}/logout?env=development`, { method: 'POST', headers: XHR });
  const logoutBody = await json(logout);
  observed.besideTheAuthModule = {
    start: { status: start.status, location: `${location.origin}${location.pathname}`, redirectUri: location.searchParams.get('redirect_uri') },
    legacyHealth: { status: health.status, body: healthBody },
    refreshWithoutCookie: { status: refresh.status, errorName: refreshBody?.error?.name, message: refreshBody?.error?.message },
    frameWithoutQuery: { status: frame.status, body: frameBody },
    unknownPath: { status: unknown.status, body: unknownBody },
    logoutWithMalformedJson: { status: badJson.status, body: badJsonBody },
    logout: { status: logout.status, body: logoutBody },
  };
  assert.equal(health.status, 200);
  assert.deepEqual(healthBody, { status: 'ok' });
  assert.equal(refresh.status, 401, JSON.stringify(refreshBody));
  assert.equal(refreshBody.error.name, 'AuthenticationError');
  assert.equal(refreshBody.request.url, '/coder/refresh?env=development');
  assert.equal(frameBody.request?.url, '/coder/handler/frame', JSON.stringify(frameBody));
  assert.equal(unknown.status, 404);
  assert.equal(unknownBody.request.url, '/coder/no-such-route');
  assert.equal(logout.status, 200, JSON.stringify(logoutBody));
  assert.equal(badJson.status, 400);
  assert.equal(badJsonBody.request?.url, '/logout?env=development', 'the 0.4 router answered the malformed body');
});
