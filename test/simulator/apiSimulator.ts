// A local stand-in for the Infinipost API, for integration tests and the `npm start` demo; never
// shipped. It answers `GET /v1/accounts` the way the API document describes, plus scripted failures.
// It only ever listens on 127.0.0.1 and never stores or prints a raw key.
import * as http from 'http';
import { AddressInfo } from 'net';
import { keyPrefix } from '../../src/core/keyTypes';
import { maskKey } from '../../src/core/mask';

export type SimulatedKey =
  | { kind: 'valid'; accounts?: number }
  | { kind: 'expired' }
  | { kind: 'forbidden' }
  | { kind: 'rateLimited'; retryAfter?: string }
  | { kind: 'serverError'; status?: number }
  | { kind: 'notJson' }
  | { kind: 'hang' }
  | { kind: 'endlessBody' }
  | { kind: 'redirect'; location: string };

export interface SimulatedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Masked (`Bearer sk_live_…1234`), so tests can tell which key arrived without holding it. */
  authorization?: string;
  authorizationPresent: boolean;
  at: number;
  /** Set when the connection closed before the whole answer was sent: the client gave up (or the simulator closed). */
  abandoned?: true;
}

export interface ApiSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
  setKey(key: string, behaviour: SimulatedKey): void;
  requests: SimulatedRequest[];
}

export interface ApiSimulatorOptions {
  port?: number;
  host?: '127.0.0.1';
  keys?: Record<string, SimulatedKey>;
}

export const DEFAULT_SIMULATED_ACCOUNTS = 3;
const TEST_KEY_ACCOUNT_LIMIT = 10;

/** Starts the simulator on 127.0.0.1 (port 0 = any free port) and resolves once it is listening. */
export async function startApiSimulator(options: ApiSimulatorOptions = {}): Promise<ApiSimulator> {
  const keys = new Map<string, SimulatedKey>(Object.entries(options.keys ?? {}));
  const requests: SimulatedRequest[] = [];

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const authorization = req.headers.authorization;
    const request: SimulatedRequest = {
      method: req.method ?? '',
      path,
      ...(authorization !== undefined ? { authorization: maskAuthorization(authorization) } : {}),
      authorizationPresent: authorization !== undefined,
      at: Date.now(),
    };
    requests.push(request);
    res.once('close', () => {
      if (!res.writableFinished) request.abandoned = true;
    });
    handle(req.method ?? '', path, authorization, keys, res);
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    // Bound to loopback only: the simulator accepts any configured key and must not be reachable from the network.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setKey(key: string, behaviour: SimulatedKey): void {
      keys.set(key, behaviour);
    },
    close(): Promise<void> {
      return new Promise<void>((resolve) => {
        // Hanging and endless responses keep sockets open; close() must not wait for them.
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function handle(
  method: string,
  path: string,
  authorization: string | undefined,
  keys: Map<string, SimulatedKey>,
  res: http.ServerResponse,
): void {
  if (path !== '/v1/accounts') {
    sendError(res, 404, 'not_found', `Unrecognized request URL (${method} ${path.slice(0, 100)})`);
    return;
  }
  if (method !== 'GET') {
    res.setHeader('Allow', 'GET');
    sendError(res, 405, 'method_not_allowed', `${method.slice(0, 20)} is not allowed on /v1/accounts`);
    return;
  }
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  if (!match) {
    sendError(res, 401, 'unauthorized', 'No API key provided');
    return;
  }
  const key = match[1];
  const behaviour = keys.get(key);
  if (!behaviour) {
    sendError(res, 401, 'invalid_api_key', 'The API key provided is invalid');
    return;
  }
  switch (behaviour.kind) {
    case 'valid': {
      const configured = behaviour.accounts ?? DEFAULT_SIMULATED_ACCOUNTS;
      const isTest = key.startsWith(keyPrefix('test'));
      // Test keys are limited to 10 accounts (API document).
      const count = isTest ? Math.min(configured, TEST_KEY_ACCOUNT_LIMIT) : configured;
      sendJson(res, 200, {
        object: 'list',
        data: Array.from({ length: count }, (_, i) => ({
          id: `acc_${String(i + 1).padStart(4, '0')}`,
          object: 'account',
          name: `Account ${i + 1}`,
          livemode: !isTest,
        })),
        has_more: false,
      });
      return;
    }
    case 'expired':
      sendError(res, 401, 'api_key_expired', 'This API key has expired');
      return;
    case 'forbidden':
      sendError(res, 403, 'forbidden', 'This API key is not allowed to list accounts');
      return;
    case 'rateLimited':
      res.setHeader('Retry-After', behaviour.retryAfter ?? '30');
      sendError(res, 429, 'rate_limited', 'Too many requests');
      return;
    case 'serverError':
      sendError(res, behaviour.status ?? 500, 'internal_error', 'Something went wrong on our side');
      return;
    case 'notJson':
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
      return;
    case 'hang':
      // Headers never come; the client's own timeout has to end this.
      return;
    case 'endlessBody':
      writeForever(res);
      return;
    case 'redirect':
      res.writeHead(302, { Location: behaviour.location, 'Content-Type': 'text/plain' });
      res.end(`Found. Redirecting to ${behaviour.location}`);
      return;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

// A well-formed start of an accounts list that never ends, written as fast as the client reads.
function writeForever(res: http.ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.write('{"object":"list","data":[');
  const chunk = Buffer.from('{"id":"acc_0000","object":"account","name":"Account"},'.repeat(200));
  let stopped = false;
  res.on('close', () => {
    stopped = true;
  });
  const pump = (): void => {
    while (!stopped && res.write(chunk)) {
      // keep writing until the socket buffer is full
    }
    if (!stopped) {
      res.once('drain', pump);
    }
  };
  pump();
}

function maskAuthorization(value: string): string {
  const match = /^(Bearer +)(\S+)(.*)$/i.exec(value);
  return match ? match[1] + maskKey(match[2]) + (match[3] ? ' …' : '') : maskKey(value);
}
