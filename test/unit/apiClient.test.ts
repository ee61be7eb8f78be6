import * as assert from 'assert';
import { execFileSync, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import * as http from 'http';
import * as https from 'https';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { CheckKeyOptions, CheckKeyResult, checkKey } from '../../src/node/apiClient';
import { ApiSimulator, startApiSimulator } from '../simulator/apiSimulator';
import { liveKey, testKey } from '../support/testKeys';

/** Runs checkKey and asserts that nothing in the result carries the key or its body. */
async function check(key: string, options: Partial<CheckKeyOptions> & { baseUrl: string }): Promise<CheckKeyResult> {
  const result = await checkKey(key, { timeoutMs: 3000, ...options });
  const text = JSON.stringify(result);
  assert.ok(!text.includes(key), `result contains the key: ${result.message}`);
  assert.ok(!text.includes(key.slice(8)), `result contains the key body: ${result.message}`);
  assert.doesNotMatch(text, /sk_(live|test)_[A-Za-z0-9]{5,}/);
  return result;
}

interface LocalServer {
  url: string;
  port: number;
  hits: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** A throwaway HTTP server on 127.0.0.1 with a custom handler; records every request it sees. */
async function startLocalServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<LocalServer> {
  const hits: LocalServer['hits'] = [];
  const server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on: bind, note the port, close. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('checkKey against the local API simulator', () => {
  let sim: ApiSimulator;
  const keys = {
    test3: testKey(),
    test25: testKey(),
    live25: liveKey(),
    liveDefault: liveKey(),
    expired: liveKey(),
    forbidden: liveKey(),
    rateLimited: liveKey(),
    serverError: liveKey(),
    badGateway: liveKey(),
    notJson: liveKey(),
    hang: liveKey(),
    endless: testKey(),
  };

  before(async () => {
    sim = await startApiSimulator({
      keys: {
        [keys.test3]: { kind: 'valid', accounts: 3 },
        [keys.test25]: { kind: 'valid', accounts: 25 },
        [keys.live25]: { kind: 'valid', accounts: 25 },
        [keys.liveDefault]: { kind: 'valid' },
        [keys.expired]: { kind: 'expired' },
        [keys.forbidden]: { kind: 'forbidden' },
        [keys.rateLimited]: { kind: 'rateLimited', retryAfter: '42' },
        [keys.serverError]: { kind: 'serverError' },
        [keys.badGateway]: { kind: 'serverError', status: 502 },
        [keys.notJson]: { kind: 'notJson' },
        [keys.hang]: { kind: 'hang' },
        [keys.endless]: { kind: 'endlessBody' },
      },
    });
  });

  after(async () => {
    await sim.close();
  });

  it('binds the simulator to 127.0.0.1', () => {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(sim.port > 0);
  });

  it('reports a valid test key with its accounts', async () => {
    const result = await check(keys.test3, { baseUrl: sim.url });
    assert.strictEqual(result.status, 'valid');
    assert.strictEqual(result.httpStatus, 200);
    assert.strictEqual(result.accounts, 3);
    assert.strictEqual(result.mode, 'test');
    assert.match(result.message, /limited to 10/);
    assert.strictEqual(result.url, `${sim.url}/v1/accounts`);
    assert.ok(result.durationMs >= 0);
  });

  it('caps a test key at 10 accounts but not a live key', async () => {
    const test = await check(keys.test25, { baseUrl: sim.url });
    assert.strictEqual(test.accounts, 10);
    assert.match(test.message, /the most a test key can have/);
    const live = await check(keys.live25, { baseUrl: sim.url });
    assert.strictEqual(live.accounts, 25);
    assert.strictEqual(live.mode, 'live');
    const byDefault = await check(keys.liveDefault, { baseUrl: sim.url + '/' });
    assert.strictEqual(byDefault.accounts, 3);
  });

  it('sends the key as a Bearer token and records it masked only', async () => {
    const before = sim.requests.length;
    await check(keys.test3, { baseUrl: sim.url });
    const recorded = sim.requests.slice(before);
    assert.strictEqual(recorded.length, 1);
    assert.strictEqual(recorded[0].method, 'GET');
    assert.strictEqual(recorded[0].path, '/v1/accounts');
    assert.strictEqual(recorded[0].authorizationPresent, true);
    assert.strictEqual(recorded[0].authorization, `Bearer sk_test_…${keys.test3.slice(-4)}`);
    assert.ok(!JSON.stringify(sim.requests).includes(keys.test3));
  });

  it('reports an unknown key as invalid (invalid_api_key) and offers Replace or Remove', async () => {
    const result = await check(liveKey(), { baseUrl: sim.url });
    assert.strictEqual(result.status, 'invalid');
    assert.strictEqual(result.httpStatus, 401);
    assert.strictEqual(result.nextStep, 'replaceOrRemove');
    assert.match(result.message, /invalid_api_key: "The API key provided is invalid"/);
  });

  it('reports an expired key and offers Rotate', async () => {
    const result = await check(keys.expired, { baseUrl: sim.url });
    assert.strictEqual(result.status, 'expired');
    assert.strictEqual(result.nextStep, 'rotate');
    assert.match(result.message, /api_key_expired: "This API key has expired"/);
  });

  it('reports "No API key provided" as unauthorized when the header does not arrive', async () => {
    // A proxy that strips Authorization looks exactly like this to us.
    const stripper = await startLocalServer((_req, res) => {
      const upstream = http.request(`${sim.url}/v1/accounts`, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.end();
    });
    try {
      const result = await check(keys.test3, { baseUrl: stripper.url });
      assert.strictEqual(result.status, 'unauthorized');
      assert.strictEqual(result.nextStep, 'checkSettings');
      assert.match(result.message, /No API key provided/);
      assert.strictEqual(sim.requests[sim.requests.length - 1].authorizationPresent, false);
    } finally {
      await stripper.close();
    }
  });

  it('reports 403 as forbidden', async () => {
    const result = await check(keys.forbidden, { baseUrl: sim.url });
    assert.strictEqual(result.status, 'forbidden');
    assert.strictEqual(result.httpStatus, 403);
  });

  it('reports a wrong base path as notFound (check settings)', async () => {
    const result = await check(keys.test3, { baseUrl: `${sim.url}/api` });
    assert.strictEqual(result.status, 'notFound');
    assert.strictEqual(result.httpStatus, 404);
    assert.strictEqual(result.nextStep, 'checkSettings');
    assert.strictEqual(result.url, `${sim.url}/api/v1/accounts`);
  });

  it('reports 429 with Retry-After', async () => {
    const result = await check(keys.rateLimited, { baseUrl: sim.url });
    assert.strictEqual(result.status, 'rateLimited');
    assert.strictEqual(result.retryAfterSeconds, 42);
    assert.match(result.message, /42 seconds/);
  });

  it('reports 500 and 502 as server errors', async () => {
    const internal = await check(keys.serverError, { baseUrl: sim.url });
    assert.strictEqual(internal.status, 'serverError');
    assert.strictEqual(internal.httpStatus, 500);
    const gateway = await check(keys.badGateway, { baseUrl: sim.url });
    assert.strictEqual(gateway.status, 'serverError');
    assert.strictEqual(gateway.httpStatus, 502);
  });

  it('reports a 200 that is not JSON as an unexpected response', async () => {
    const result = await check(keys.notJson, { baseUrl: sim.url });
    assert.strictEqual(result.status, 'unexpectedResponse');
    assert.strictEqual(result.httpStatus, 200);
  });

  it('reports a redirect without following it: the other server never sees the key', async () => {
    const other = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data":[]}');
    });
    try {
      assert.notStrictEqual(other.port, sim.port);
      const key = liveKey();
      sim.setKey(key, { kind: 'redirect', location: `${other.url}/v1/accounts` });
      const result = await check(key, { baseUrl: sim.url });
      assert.strictEqual(result.status, 'redirected');
      assert.strictEqual(result.httpStatus, 302);
      assert.match(result.message, new RegExp(`127\\.0\\.0\\.1:${other.port}`));
      assert.strictEqual(other.hits.length, 0);
      assert.ok(other.hits.every((hit) => hit.headers.authorization === undefined));
    } finally {
      await other.close();
    }
  });

  it('times out on a server that accepts the request and never answers', async () => {
    const result = await check(keys.hang, { baseUrl: sim.url, timeoutMs: 300 });
    assert.strictEqual(result.status, 'timeout');
    assert.strictEqual(result.nextStep, 'retryLater');
    assert.match(result.message, /300 ms/);
    assert.ok(result.durationMs >= 250 && result.durationMs < 1500, String(result.durationMs));
  });

  it('times out on a body that trickles forever', async () => {
    const trickle = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"data":[');
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    });
    try {
      const result = await check(testKey(), { baseUrl: trickle.url, timeoutMs: 300 });
      assert.strictEqual(result.status, 'timeout');
      assert.ok(result.durationMs < 1500, String(result.durationMs));
    } finally {
      await trickle.close();
    }
  });

  it('cuts an endless body off at maxBodyBytes, well before the timeout', async () => {
    const result = await check(keys.endless, { baseUrl: sim.url, timeoutMs: 5000, maxBodyBytes: 16 * 1024 });
    assert.strictEqual(result.status, 'unexpectedResponse');
    assert.match(result.message, /too large/);
    assert.ok(result.durationMs < 2000, String(result.durationMs));
  });

  it('cuts an endless body off at the default 64 KiB cap', async () => {
    const result = await check(keys.endless, { baseUrl: sim.url, timeoutMs: 5000 });
    assert.strictEqual(result.status, 'unexpectedResponse');
    assert.ok(result.durationMs < 2000, String(result.durationMs));
  });

  it('is cancelled by an AbortController', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await check(keys.hang, { baseUrl: sim.url, timeoutMs: 5000, signal: controller.signal });
    assert.strictEqual(result.status, 'cancelled');
    assert.strictEqual(result.nextStep, 'none');
    assert.ok(result.durationMs < 1000, String(result.durationMs));
  });

  it('does not send anything when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = sim.requests.length;
    const result = await check(keys.test3, { baseUrl: sim.url, signal: controller.signal });
    assert.strictEqual(result.status, 'cancelled');
    assert.strictEqual(sim.requests.length, before);
  });

  it('speaking TLS to a plain HTTP server is a TLS error and sends no request', async () => {
    const before = sim.requests.length;
    const result = await check(keys.test3, { baseUrl: sim.url.replace('http:', 'https:') });
    assert.strictEqual(result.status, 'tls');
    assert.strictEqual(sim.requests.length, before);
  });
});

describe('checkKey against other local servers and network failures', () => {
  it('sends Authorization, Accept and User-Agent', async () => {
    const key = liveKey();
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data":[{"id":"a"}]}');
    });
    try {
      const result = await check(key, { baseUrl: server.url, userAgent: 'infinipost-vscode/9.9.9' });
      assert.strictEqual(result.status, 'valid');
      assert.strictEqual(server.hits.length, 1);
      const headers = server.hits[0].headers;
      assert.ok(headers.authorization === `Bearer ${key}`, 'Authorization is the Bearer key');
      assert.strictEqual(headers.accept, 'application/json');
      assert.strictEqual(headers['user-agent'], 'infinipost-vscode/9.9.9');
      assert.strictEqual(server.hits[0].path, '/v1/accounts');
    } finally {
      await server.close();
    }
  });

  it('scrubs the key from server text even when echoed without its prefix', async () => {
    const key = testKey();
    const server = await startLocalServer((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'invalid_api_key', message: `Unknown key body ${key.slice(8)}` } }));
    });
    try {
      const result = await check(key, { baseUrl: server.url });
      assert.strictEqual(result.status, 'invalid');
      assert.match(result.message, /\[redacted\]/);
    } finally {
      await server.close();
    }
  });

  it('reports a connection dropped mid-body as a network error', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"data":[');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const result = await check(testKey(), { baseUrl: server.url });
      assert.strictEqual(result.status, 'network');
      assert.strictEqual(result.nextStep, 'retryLater');
    } finally {
      await server.close();
    }
  });

  it('reports connection refused on a closed port', async () => {
    const port = await closedPort();
    const result = await check(liveKey(), { baseUrl: `http://127.0.0.1:${port}` });
    assert.strictEqual(result.status, 'network');
    assert.strictEqual(result.nextStep, 'checkSettings');
    assert.match(result.message, /refused/);
  });

  it('reports a DNS failure for an unresolvable host', async () => {
    const result = await check(liveKey(), { baseUrl: 'https://nonexistent.invalid', timeoutMs: 8000 });
    assert.strictEqual(result.status, 'dns');
    assert.match(result.message, /nonexistent\.invalid/);
    assert.strictEqual(result.url, 'https://nonexistent.invalid/v1/accounts');
  });

  it('refuses plain http to a remote host, an invalid URL and a non-http scheme without sending', async () => {
    for (const baseUrl of ['http://api.infinipost.invalid', 'not a url', 'ftp://127.0.0.1']) {
      const result = await check(liveKey(), { baseUrl });
      assert.strictEqual(result.status, 'network', baseUrl);
      assert.strictEqual(result.nextStep, 'checkSettings', baseUrl);
    }
    assert.match((await check(liveKey(), { baseUrl: 'http://api.infinipost.invalid' })).message, /unencrypted/);
  });

  // The client accepted any 127.x while the setting accepted only 127.0.0.1: both ask isLoopbackHost now.
  it('sends over plain http only to the loopback hosts the API base URL setting accepts', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data":[]}');
    });
    try {
      const refused = await check(liveKey(), { baseUrl: `http://127.0.0.2:${server.port}` });
      assert.match(refused.message, /unencrypted/);
      assert.strictEqual(server.hits.length, 0);
      await check(liveKey(), { baseUrl: `http://127.0.0.1:${server.port}` });
      assert.strictEqual(server.hits.length, 1);
    } finally {
      await server.close();
    }
  });

  it('drops credentials and query from the base URL', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('[]');
    });
    try {
      const key = liveKey();
      const result = await check(key, { baseUrl: `http://user:pw@127.0.0.1:${server.port}/?x=1` });
      assert.strictEqual(result.status, 'valid');
      assert.strictEqual(result.url, `${server.url}/v1/accounts`);
      assert.strictEqual(server.hits[0].path, '/v1/accounts');
      assert.ok(server.hits[0].headers.authorization === `Bearer ${key}`, 'the key, not the URL credentials, is sent');
    } finally {
      await server.close();
    }
  });

  it('rejects a stored value that cannot be a key without sending it', async () => {
    const server = await startLocalServer((_req, res) => res.end());
    try {
      for (const bad of ['', liveKey() + '\r\nX-Injected: 1', ' ' + liveKey(), testKey() + 'é']) {
        const result = await checkKey(bad, { baseUrl: server.url, timeoutMs: 1000 });
        assert.strictEqual(result.status, 'invalid');
        assert.strictEqual(result.nextStep, 'replaceOrRemove');
        if (bad.length > 0) {
          assert.ok(!JSON.stringify(result).includes(bad.trim().slice(8, 40)));
        }
      }
      assert.strictEqual(server.hits.length, 0);
    } finally {
      await server.close();
    }
  });

  describe('TLS with a self-signed certificate', () => {
    let dir: string | undefined;
    let server: https.Server | undefined;
    let port = 0;
    let requestsSeen = 0;

    before(function () {
      this.timeout(30000);
      dir = mkdtempSync(path.join(tmpdir(), 'infinipost-tls-'));
      try {
        execFileSync(
          'openssl',
          ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'],
          { stdio: 'ignore' },
        );
      } catch {
        this.skip();
      }
    });

    before(async function () {
      if (!dir) {
        this.skip();
      }
      server = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => {
        requestsSeen++;
        res.end('[]');
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    after(async () => {
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      }
      if (dir) {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('reports a TLS error and never sends the request', async () => {
      const result = await check(liveKey(), { baseUrl: `https://127.0.0.1:${port}` });
      assert.strictEqual(result.status, 'tls');
      assert.strictEqual(result.nextStep, 'checkSettings');
      assert.match(result.message, /self-signed certificate/);
      assert.match(result.detail ?? '', /DEPTH_ZERO_SELF_SIGNED_CERT/);
      assert.strictEqual(requestsSeen, 0);
    });
  });
});

describe('simulator CLI', () => {
  it('prints its URL, serves the keys from INFINIPOST_SIM_KEYS and stops on SIGTERM', async function () {
    this.timeout(20000);
    const key = testKey();
    const cli = path.join(__dirname, '..', 'simulator', 'cli.ts');
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), cli, '--port', '0'], {
      env: { ...process.env, INFINIPOST_SIM_KEYS: JSON.stringify({ [key]: { kind: 'valid', accounts: 12 } }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const match = /^INFINIPOST_SIMULATOR_URL=(http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
          if (match) {
            resolve(match[1]);
          }
        });
        child.on('exit', () => reject(new Error(`CLI exited early: ${stderr}`)));
      });
      const result = await check(key, { baseUrl: url });
      assert.strictEqual(result.status, 'valid');
      assert.strictEqual(result.accounts, 10);
      child.kill('SIGTERM');
      assert.strictEqual(await exited, 0);
      assert.strictEqual(stdout, `INFINIPOST_SIMULATOR_URL=${url}\n`);
      assert.ok(!stderr.includes(key), 'the CLI never prints a key');
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
    }
  });
});
