// The stack every smoke test file runs against: the demo server's fake
// Coder, a recording tap in front of it and a real Backstage backend whose
// Coder URL is the tap. node --test runs each file in its own process, so
// each file starts its own stack (useStack) and writes its own section of
// target/backstage-smoke/observations.json.
//
// The fake Coder is a real OAuth2 provider with the backend registered as
// its client. The tap only forwards and records, so a test sees exactly
// what the real backend sends to Coder and what Coder answers.
'use strict';

const test = require('node:test');
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

function spawnLogged(children, cmd, args, env) {
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
// extraRedirectPaths registers more callbacks on the backend, for files
// that sign in through another route than the auth module's.
async function startDemoServer(children, backendUrl, extraRedirectPaths = []) {
  // --port 0: the OS picks a free port; the server prints where it listens.
  const child = spawnLogged(children, DEMO_SERVER, [
    '--port', '0', '--token', CODER_TOKEN,
    '--web-root', path.join(REPO_ROOT, 'demo/web'), '--pkg-dir', path.join(REPO_ROOT, 'pkg'),
    '--oauth-client-id', CLIENT_ID,
    '--oauth-client-secret', CODER_CLIENT_SECRET,
    '--oauth-redirect-uri', `${backendUrl}/api/auth/coder/handler/frame`,
    ...extraRedirectPaths.flatMap((p) => ['--oauth-redirect-uri', `${backendUrl}${p}`]),
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
// for Host, which must name the upstream) and keeps both in tapLog.
function startTap(children, upstream, tapLog) {
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

async function startBackstage(children, port, coder, observed) {
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const child = spawnLogged(children, process.execPath, [path.join(__dirname, 'backend.js')], {
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
        return { url, pid: child.pid };
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

async function json(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// Test files run in parallel processes, so the combined file is rebuilt
// under a lock: otherwise two files finishing together could each write a
// combined file that lacks the other's section. A lock older than any
// writer could hold it is left over from a killed run and is taken over.
function withLock(lockDir, fn) {
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lockDir).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > 5_000) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

// Writes target/backstage-smoke/<topic>.json and rebuilds observations.json
// as { <topic>: ... } from the sections of the test files that exist now,
// so a renamed or removed test file leaves no stale section behind.
function writeObservations(topic, observed) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  withLock(path.join(OUT_DIR, '.lock'), () => {
    writeAtomically(path.join(OUT_DIR, `${topic}.json`), JSON.stringify(observed, null, 2) + '\n');
    const combined = {};
    const topics = fs.readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.js'))
      .map((f) => f.slice(0, -'.test.js'.length))
      .sort();
    for (const t of topics) {
      try {
        combined[t] = JSON.parse(fs.readFileSync(path.join(OUT_DIR, `${t}.json`), 'utf8'));
      } catch {
        // that file has not run yet
      }
    }
    writeAtomically(path.join(OUT_DIR, 'observations.json'), JSON.stringify(combined, null, 2) + '\n');
  });
}

// Starts a stack in before() and stops it in after(), where the file's
// observations are written. The returned object is filled in by before();
// tests read its fields only once they run. With guestToken, before() also
// signs in as guest, for files whose tests need a Backstage token without
// testing the guest sign-in themselves (a second top-level before() could
// run before this one's stack is up). extraRedirectPaths (backend paths)
// are registered at the fake Coder as more OAuth2 callbacks.
function useStack(topic, { guestToken = false, extraRedirectPaths = [] } = {}) {
  const observed = {};
  const children = [];
  const stack = {
    observed,
    coderUrl: undefined, // the demo server
    tapUrl: undefined, // the recording tap in front of it: the backend's Coder URL
    backstageUrl: undefined,
    backstagePid: undefined,
    backstageToken: undefined,
    tapLog: [],
    tapSince(mark) {
      return stack.tapLog.slice(mark);
    },
    bearer() {
      return { Authorization: `Bearer ${stack.backstageToken}` };
    },
    proxy(p, headers = {}, init = {}) {
      return fetch(`${stack.backstageUrl}/api/proxy/coder${p}`, { headers, redirect: 'manual', ...init });
    },
  };

  test.before(async () => {
    // The backend's port must be known before the fake Coder starts: it is
    // part of the redirect URI registered there.
    const port = await freePort();
    stack.coderUrl = await startDemoServer(children, `http://127.0.0.1:${port}`, extraRedirectPaths);
    stack.tapUrl = await startTap(children, stack.coderUrl, stack.tapLog);
    const backend = await startBackstage(children, port, stack.tapUrl, observed);
    stack.backstageUrl = backend.url;
    stack.backstagePid = backend.pid;
    if (guestToken) {
      const res = await fetch(`${stack.backstageUrl}/api/auth/guest/refresh`, { headers: XHR });
      if (res.status !== 200) throw new Error(`guest sign-in answered ${res.status}: ${await res.text()}`);
      stack.backstageToken = (await res.json()).backstageIdentity.token;
    }
  });

  test.after(() => {
    if (stack.backstagePid) observed.backendRssKbAtEnd = rssKb(stack.backstagePid);
    for (const c of children) if (c.exitCode === null) c.kill();
    writeObservations(topic, observed);
  });

  return stack;
}

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

module.exports = {
  CODER_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  CODER_CLIENT_SECRET,
  XHR,
  CookieJar,
  json,
  sleep,
  useStack,
};
