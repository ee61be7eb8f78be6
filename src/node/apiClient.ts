// Asks the Infinipost API whether a key works. Uses Node's http/https modules, read at call time,
// because the VS Code extension host patches exactly those for its proxy settings (global fetch /
// undici is not patched in 1.100). Everything this returns is free of key material.
import * as http from 'http';
import * as https from 'https';
import { KeyCheckResult, KeyCheckTimeoutError, interpretError, interpretResponse } from '../core/apiCheck';
import { isLoopbackHost } from '../core/apiBaseUrl';
import { KEY_PREFIX_LENGTH, keyModeOf } from '../core/keyTypes';

export interface CheckKeyOptions {
  /** API base URL, e.g. `https://api.infinipost.co`; `/v1/accounts` is appended. */
  baseUrl: string;
  /** Budget for the whole exchange: connect, TLS, headers and body. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Bodies longer than this are cut off and the connection dropped; default 64 KiB. */
  maxBodyBytes?: number;
  userAgent?: string;
}

export type CheckKeyResult = KeyCheckResult & { durationMs: number; url: string };

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_USER_AGENT = 'infinipost-vscode';

/** Checks a key with `GET {baseUrl}/v1/accounts` (no redirects followed, body and time capped) and interprets the outcome. */
export async function checkKey(key: string, options: CheckKeyOptions): Promise<CheckKeyResult> {
  const started = Date.now();
  const mode = keyModeOf(key);
  const target = accountsUrl(options.baseUrl);
  const finish = (result: KeyCheckResult, url: string): CheckKeyResult =>
    scrubKey({ ...result, ...(mode && !result.mode ? { mode } : {}), durationMs: Date.now() - started, url }, key);

  if (typeof target === 'string') {
    return finish({ status: 'network', message: target, nextStep: 'checkSettings' }, '');
  }
  const displayUrl = target.origin + target.pathname;
  if (!/^[\x21-\x7e]+$/.test(key)) {
    // A header value with spaces, line breaks or non-ASCII would be rejected by Node or mangled on the way.
    return finish(
      {
        status: 'invalid',
        message: 'The stored value cannot be an Infinipost API key (it is empty or contains spaces or unusual characters); replace it with the key copied from the Infinipost dashboard, or remove it.',
        nextStep: 'replaceOrRemove',
      },
      displayUrl,
    );
  }
  if (options.signal?.aborted) {
    return finish(interpretError(abortError()), displayUrl);
  }

  try {
    const response = await exchange(key, target, options);
    return finish(interpretResponse(response, mode, displayUrl), displayUrl);
  } catch (err) {
    return finish(interpretError(err), displayUrl);
  }
}

interface RawResponse {
  httpStatus: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bodyTruncated: boolean;
}

function exchange(key: string, url: URL, options: CheckKeyOptions): Promise<RawResponse> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Looked up per call so a module patched after we loaded (the extension host's proxy support) is used.
  const transport = url.protocol === 'https:' ? https : http;

  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    let request: http.ClientRequest | undefined;

    const cleanup = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown): void => {
      if (settled) {
        return;
      }
      settled = true;
      cleanup();
      request?.destroy();
      reject(err);
    };
    const succeed = (value: RawResponse): void => {
      if (settled) {
        return;
      }
      settled = true;
      cleanup();
      resolve(value);
    };
    const onAbort = (): void => fail(abortError());
    // One timer for the whole exchange: a socket that connects and then never answers, or a body that
    // trickles forever, would each slip past a per-phase or idle timeout.
    const timer = setTimeout(() => fail(new KeyCheckTimeoutError(options.timeoutMs)), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      request = transport.request(url, {
        method: 'GET',
        headers: {
          Authorization: `Bearer ${key}`,
          Accept: 'application/json',
          'User-Agent': options.userAgent ?? DEFAULT_USER_AGENT,
        },
      });
    } catch (err) {
      fail(err);
      return;
    }

    request.on('error', fail);
    request.on('response', (res) => readResponse(res, maxBodyBytes, { succeed, fail, settled: () => settled, stop: () => request?.destroy() }));
    request.end();
  });
}

/** How the exchange ends: each call after the first is ignored. */
interface Settle {
  succeed: (value: RawResponse) => void;
  fail: (err: unknown) => void;
  settled: () => boolean;
  /** Stops the request (no more of the body is wanted). */
  stop: () => void;
}

// Reads the body up to `maxBodyBytes` (a longer one ends the exchange, marked truncated).
function readResponse(res: http.IncomingMessage, maxBodyBytes: number, { succeed, fail, settled, stop }: Settle): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let truncated = false;
  const done = (): void =>
    succeed({
      httpStatus: res.statusCode ?? 0,
      headers: res.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      bodyTruncated: truncated,
    });

  // Redirects are reported, never followed; their bodies are irrelevant, so stop reading now.
  const status = res.statusCode ?? 0;
  if (status >= 300 && status < 400) {
    done();
    stop();
    return;
  }

  res.on('data', (chunk: Buffer) => {
    if (settled()) {
      return;
    }
    const room = maxBodyBytes - received;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      received = maxBodyBytes;
      truncated = true;
      done();
      stop();
      return;
    }
    chunks.push(chunk);
    received += chunk.length;
  });
  res.on('end', done);
  res.on('error', fail);
  // A connection dropped mid-body must not pass for a complete (and maybe parseable) answer.
  res.on('close', () => {
    if (!res.complete) {
      fail(Object.assign(new Error('The connection closed before the response was complete'), { code: 'ECONNRESET' }));
    }
  });
}

function accountsUrl(baseUrl: string): URL | string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return 'The Infinipost API base URL is not a valid address; fix the API base URL setting (the default is https://api.infinipost.co).';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'The Infinipost API base URL must start with https://; fix the API base URL setting.';
  }
  // Plain http would put the key on the network unencrypted; only the local machine is exempt (simulator, tests).
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'The Infinipost API base URL uses plain http:// to another machine, which would send the key unencrypted; change the API base URL setting to https://.';
  }
  // Credentials in the URL would be sent as a second Authorization; query and fragment have no place here.
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '') + '/v1/accounts';
  return url;
}

function abortError(): Error {
  return Object.assign(new Error('The key check was cancelled'), { name: 'AbortError', code: 'ABORT_ERR' });
}

// Last line of defence: the interpreter already masks key-shaped text, but a server could echo the key
// body without its prefix, and a Node error message could quote what we sent.
function scrubKey(result: CheckKeyResult, key: string): CheckKeyResult {
  const secrets = [key, key.slice(KEY_PREFIX_LENGTH)].filter((s) => s.length >= 8);
  if (secrets.length === 0) {
    return result;
  }
  const scrub = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  const copy: Record<string, unknown> = { ...result };
  for (const [name, value] of Object.entries(copy)) {
    if (typeof value === 'string') {
      copy[name] = scrub(value);
    }
  }
  return copy as unknown as CheckKeyResult;
}
