// The Coder auth module of a real Backstage backend signing in against the
// demo server's fake Coder, a real OAuth2 provider with the backend
// registered as its client. The sign-in is driven over HTTP as the popup
// would go; the tap (see stack.js) shows what the backend sends to Coder.
// What they did lands in the "oauth" section of
// target/backstage-smoke/observations.json.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const {
  CLIENT_ID, CLIENT_SECRET, CODER_CLIENT_SECRET, XHR, CookieJar, json, useStack,
} = require('./stack');

// The Allow test checks the new token through the proxy, which wants a
// Backstage token besides it.
const stack = useStack('oauth', { guestToken: true });
const { observed } = stack;

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
  const mark = stack.tapLog.length;
  const startUrl = `${stack.backstageUrl}/api/auth/coder/start?env=development`;
  const start = await jar.fetch(startUrl);
  assert.equal(start.status, 302, `/start answered ${start.status}: ${await start.text()}`);
  const authorizeUrl = new URL(start.headers.get('location'));
  assert.equal(`${authorizeUrl.origin}${authorizeUrl.pathname}`, `${stack.tapUrl}/oauth2/authorize`);
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
    headers: { 'content-type': 'application/x-www-form-urlencoded', Origin: stack.tapUrl, Referer: authorizeUrl.href },
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
    calls: stack.tapSince(mark),
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
  const startRes = await fetch(`${stack.backstageUrl}/api/auth/coder/start?env=development`, { redirect: 'manual' });
  assert.equal(startRes.status, 302);
  const location = new URL(startRes.headers.get('location'));
  assert.equal(`${location.origin}${location.pathname}`, `${stack.tapUrl}/oauth2/authorize`);
  const q = Object.fromEntries(location.searchParams);
  assert.equal(q.client_id, CLIENT_ID);
  assert.equal(q.response_type, 'code');
  assert.equal(q.redirect_uri, `${stack.backstageUrl}/api/auth/coder/handler/frame`);
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

  const scoped = await fetch(`${stack.backstageUrl}/api/auth/coder/start?env=development&scope=all&origin=${encodeURIComponent('http://127.0.0.1:3000')}`, { redirect: 'manual' });
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
  assert.equal(`${s.callback.origin}${s.callback.pathname}`, `${stack.backstageUrl}/api/auth/coder/handler/frame`);
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
  assert.equal(form.redirect_uri, `${stack.backstageUrl}/api/auth/coder/handler/frame`);

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
  const direct = await fetch(`${stack.coderUrl}/api/v2/users/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  const directBody = await json(direct);
  assert.equal(direct.status, 200, JSON.stringify(directBody));
  assert.equal(directBody.username, 'demo');
  // ...and as Coder-Session-Token through the real proxy, where
  // Authorization is taken by the Backstage token.
  const mark = stack.tapLog.length;
  const proxied = await stack.proxy('/api/v2/users/me', { ...stack.bearer(), 'Coder-Session-Token': accessToken });
  const proxiedBody = await json(proxied);
  assert.equal(proxied.status, 200, JSON.stringify(proxiedBody));
  assert.equal(proxiedBody.username, 'demo');
  assert.equal(stack.tapSince(mark)[0].headers['coder-session-token'], accessToken);
  observed.coderAccessTokenUse = { bearerOnCoder: direct.status, sessionTokenThroughProxy: proxied.status };

  const refreshCookie = s.jar.get('coder-refresh-token');
  assert.ok(refreshCookie, `the frame page sets coder-refresh-token; got ${JSON.stringify(redactedCookies(s.frame))}`);
  observed.coderFrameSuccess.refreshCookieIsCodersRefreshToken = refreshCookie === issued.refresh_token;
  signedIn = { jar: s.jar, issued };
});

test('refresh: a new access token, and the fake Coder rotated the refresh token', async () => {
  assert.ok(signedIn, 'needs the Allow sign-in of the test before, which failed');
  const { jar, issued } = signedIn;
  const refreshUrl = `${stack.backstageUrl}/api/auth/coder/refresh?env=development`;

  const noXhr = await jar.fetch(refreshUrl);
  observed.coderRefreshWithoutXRequestedWith = { status: noXhr.status, body: await json(noXhr) };
  assert.equal(noXhr.status, 401);

  const mark = stack.tapLog.length;
  const refresh = await jar.fetch(refreshUrl, { headers: XHR });
  const body = await json(refresh);
  const calls = tokenCalls(stack.tapSince(mark));
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
  const oldRefresh = await fetch(`${stack.coderUrl}/oauth2/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token', refresh_token: issued.refresh_token,
      client_id: CLIENT_ID, client_secret: CODER_CLIENT_SECRET,
    }).toString(),
  });
  const oldRefreshBody = await json(oldRefresh);
  const me = (t) => fetch(`${stack.coderUrl}/api/v2/users/me`, { headers: { Authorization: `Bearer ${t}` } });
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
  assert.equal(`${s.callback.origin}${s.callback.pathname}`, `${stack.backstageUrl}/api/auth/coder/handler/frame`);
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
