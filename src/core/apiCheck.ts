// Turns what happened on the wire (an HTTP response or a Node error) into one result a person can
// act on. Pure: no I/O, no 'vscode', so every outcome is unit-tested in milliseconds.
import { KeyMode } from './keyTypes';
import { redactKeys } from './redact';

export type KeyCheckStatus =
  | 'valid'
  | 'unauthorized'
  | 'invalid'
  | 'expired'
  | 'forbidden'
  | 'notFound'
  | 'rateLimited'
  | 'serverError'
  | 'unexpectedResponse'
  | 'redirected'
  | 'network'
  | 'timeout'
  | 'tls'
  | 'proxy'
  | 'dns'
  | 'cancelled';

/** What the UI should offer next: Rotate, Replace/Remove, Retry, Open Settings, or nothing. */
export type KeyCheckNextStep = 'rotate' | 'replaceOrRemove' | 'retryLater' | 'checkSettings' | 'none';

export interface KeyCheckResult {
  status: KeyCheckStatus;
  httpStatus?: number;
  /** Number of accounts the key can see; only for `valid`. */
  accounts?: number;
  /** One user-facing sentence: what happened and what to do. Never contains key material. */
  message: string;
  /** Technical detail for logs or a "details" view (server code/message, Node error code), sanitised. */
  detail?: string;
  nextStep?: KeyCheckNextStep;
  retryAfterSeconds?: number;
  mode?: KeyMode;
}

/** The parts of an HTTP response the interpreter needs; the client fills it, tests build it by hand. */
export interface KeyCheckHttpResponse {
  httpStatus: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** True when the body was cut off at the client's size cap. */
  bodyTruncated: boolean;
}

/** Test keys see at most this many accounts (Infinipost API documentation). */
export const TEST_KEY_ACCOUNT_LIMIT = 10;

/** Server-provided text is capped at this many characters before it is shown. */
export const MAX_SERVER_TEXT_LENGTH = 200;

const MAX_SERVER_CODE_LENGTH = 64;

/** Raised by the client when the whole exchange took longer than allowed; interpretError maps it to `timeout`. */
export class KeyCheckTimeoutError extends Error {
  readonly code = 'INFINIPOST_KEY_CHECK_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`No complete answer within ${timeoutMs} ms`);
    this.name = 'KeyCheckTimeoutError';
  }
}

// C0/C1 controls, DEL, zero-width and bidi overrides: they can hide or reorder text in a notification.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Makes server- or error-provided text safe to show: no control or bidi characters, one line, capped, key-shaped text masked. */
export function sanitizeServerText(text: string, maxLength: number = MAX_SERVER_TEXT_LENGTH): string {
  const clean = text
    .replace(UNSAFE_CHARS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // A server that echoes what it received must not make us display it.
  const masked = redactKeys(clean);
  if (masked.length <= maxLength) {
    return masked;
  }
  return masked.slice(0, Math.max(0, maxLength - 1)).trimEnd() + '…';
}

/** Parses a Retry-After header (delay in seconds or an HTTP date) into whole seconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  // HTTP dates always name a weekday or month, so a bare number above never reaches Date.parse.
  if (!/[A-Za-z]/.test(trimmed)) {
    return undefined;
  }
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) {
    return undefined;
  }
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** What a result says to the person: the parts that do not depend on the request's details. */
type Answer = Pick<KeyCheckResult, 'status' | 'message' | 'nextStep'>;

/** An answer with the technical detail, in the order results have always listed their fields. */
function withDetail(answer: Answer, detail: string): Pick<KeyCheckResult, 'status' | 'message' | 'detail' | 'nextStep'> {
  return { status: answer.status, message: answer.message, detail, nextStep: answer.nextStep };
}

// HTTP statuses whose answer needs nothing but what the server said (`serverSays`: "" or " (the server said: …)").
const PLAIN_STATUS_ANSWERS: Readonly<Record<number, (serverSays: string) => Answer>> = {
  403: (serverSays) => ({
    status: 'forbidden',
    message: `The API recognised the key but refused access to accounts (HTTP 403)${serverSays}; check the key's permissions in the Infinipost dashboard or replace it with a key that has access.`,
    nextStep: 'replaceOrRemove',
  }),
  404: () => ({
    status: 'notFound',
    message: `The server has no /v1/accounts endpoint (HTTP 404), so the API base URL is probably wrong; check the Infinipost API base URL setting (the default is https://api.infinipost.co).`,
    nextStep: 'checkSettings',
  }),
  407: () => ({
    status: 'proxy',
    message: `The proxy between VS Code and the Infinipost API asked for authentication (HTTP 407); check VS Code's proxy settings (http.proxy) or your proxy credentials.`,
    nextStep: 'checkSettings',
  }),
  408: () => ({
    status: 'timeout',
    message: `The Infinipost API timed out waiting for the request (HTTP 408); try again in a moment.`,
    nextStep: 'retryLater',
  }),
};

// A "try again later" answer, with the server's Retry-After when it sent one.
function retryLaterAnswer(res: KeyCheckHttpResponse, status: KeyCheckStatus, message: (when: string) => string, detail: string): Omit<KeyCheckResult, 'httpStatus' | 'mode'> {
  const retryAfterSeconds = parseRetryAfter(header(res.headers, 'retry-after'));
  return {
    status,
    message: message(retryAfterPhrase(retryAfterSeconds)),
    detail,
    nextStep: 'retryLater',
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
}

/** Interprets the answer to `GET /v1/accounts`; `requestUrl` (optional) resolves relative redirect targets. */
export function interpretResponse(res: KeyCheckHttpResponse, mode: KeyMode | undefined, requestUrl?: string): KeyCheckResult {
  const httpStatus = res.httpStatus;
  const base = { httpStatus, ...(mode ? { mode } : {}) };

  if (httpStatus >= 300 && httpStatus < 400 && httpStatus !== 304) {
    return { ...base, ...interpretRedirect(header(res.headers, 'location'), requestUrl) };
  }

  const json = parseJson(res.body);
  const serverError = readServerError(json);
  const serverSays = serverError ? ` (the server said: ${describeServerError(serverError)})` : '';
  const detail = serverError ? `HTTP ${httpStatus}, ${describeServerError(serverError)}` : `HTTP ${httpStatus}`;

  if (httpStatus === 200) {
    return { ...base, ...interpretAccounts(json, res.bodyTruncated, mode) };
  }
  if (httpStatus === 401) {
    return { ...base, ...interpretUnauthorized(serverError, serverSays), detail };
  }
  const plain = PLAIN_STATUS_ANSWERS[httpStatus];
  if (plain) {
    return { ...base, ...withDetail(plain(serverSays), detail) };
  }
  if (httpStatus === 429) {
    return { ...base, ...retryLaterAnswer(res, 'rateLimited', (when) => `The Infinipost API is limiting how often this key can make requests (HTTP 429); try again ${when}.`, detail) };
  }
  if (httpStatus >= 500 && httpStatus < 600) {
    const message = (when: string) => `The Infinipost API had a problem on its side (HTTP ${httpStatus})${serverSays}, so the key could not be checked; try again ${when}.`;
    return { ...base, ...retryLaterAnswer(res, 'serverError', message, detail) };
  }
  return {
    ...base,
    status: 'unexpectedResponse',
    message: `The server at the API base URL answered with HTTP ${httpStatus}${serverSays}, which the Infinipost API does not send here; check the Infinipost API base URL setting and any proxy in between.`,
    detail,
    nextStep: 'checkSettings',
  };
}

// Node error codes whose answer needs nothing from the error but its code.
const NETWORK_CODE_ANSWERS: ReadonlyArray<Answer & { codes: readonly string[]; prefix?: string }> = [
  {
    codes: ['ECONNREFUSED'],
    status: 'network',
    message: 'The API server refused the connection; check the Infinipost API base URL setting, your proxy settings and that the server is running.',
    nextStep: 'checkSettings',
  },
  {
    codes: ['ECONNRESET', 'EPIPE', 'ECONNABORTED'],
    status: 'network',
    message: 'The connection to the Infinipost API was dropped before it answered; check your network connection and try again.',
    nextStep: 'retryLater',
  },
  {
    codes: ['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL'],
    status: 'network',
    message: 'The Infinipost API cannot be reached from this machine (no route to the host); check your network connection and proxy settings.',
    nextStep: 'checkSettings',
  },
  {
    // Node's HTTP parser: what answered is not HTTP.
    codes: [],
    prefix: 'HPE_',
    status: 'unexpectedResponse',
    message: 'The server at the API base URL did not answer with valid HTTP; check the Infinipost API base URL setting and any proxy in between.',
    nextStep: 'checkSettings',
  },
  {
    codes: ['ERR_INVALID_URL', 'ERR_INVALID_PROTOCOL'],
    status: 'network',
    message: 'The Infinipost API base URL is not a valid http(s) address; fix the API base URL setting.',
    nextStep: 'checkSettings',
  },
];

/** Maps a Node/network error (or a cancellation or our own timeout) to a result; error text is sanitised before it is kept. */
export function interpretError(err: unknown): KeyCheckResult {
  const info = errorInfo(err);
  const detail = info.code ? sanitizeServerText(`${info.code}: ${info.message}`) : sanitizeServerText(info.message);

  if (err instanceof KeyCheckTimeoutError || info.name === 'KeyCheckTimeoutError') {
    const timeoutMs = err instanceof KeyCheckTimeoutError ? err.timeoutMs : undefined;
    return {
      status: 'timeout',
      message: `The Infinipost API did not answer ${timeoutMs !== undefined ? `within ${formatDuration(timeoutMs / 1000)}` : 'in time'}; check your network connection or proxy and try again.`,
      detail,
      nextStep: 'retryLater',
    };
  }
  if (info.name === 'AbortError' || info.code === 'ABORT_ERR') {
    return { status: 'cancelled', message: 'The key check was cancelled.', detail, nextStep: 'none' };
  }
  if (info.name === 'TimeoutError' || info.code === 'ETIMEDOUT' || info.code === 'ESOCKETTIMEDOUT') {
    return {
      status: 'timeout',
      message: 'The connection to the Infinipost API timed out; check your network connection or proxy and try again.',
      detail,
      nextStep: 'retryLater',
    };
  }
  // Checked before the generic codes: a refused or reset connection to a proxy is a proxy problem.
  if (/proxy/i.test(info.message) || (info.code !== undefined && info.code.includes('PROXY'))) {
    return {
      status: 'proxy',
      message: "The proxy between VS Code and the Infinipost API failed the request; check VS Code's proxy settings (http.proxy) and that the proxy is reachable.",
      detail,
      nextStep: 'checkSettings',
    };
  }
  const code = info.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    const host = info.hostname ? ` "${sanitizeServerText(info.hostname, 100)}"` : '';
    return {
      status: 'dns',
      message: `The API host${host} could not be found (DNS lookup failed); check your internet connection and the Infinipost API base URL setting.`,
      detail,
      nextStep: 'checkSettings',
    };
  }
  if (isTlsCode(code)) {
    return {
      status: 'tls',
      message: `The secure connection to the API failed (${tlsReason(code)}), so the key was not sent; check the Infinipost API base URL setting and, on a company network, VS Code's proxy and certificate settings.`,
      detail,
      nextStep: 'checkSettings',
    };
  }
  const known = NETWORK_CODE_ANSWERS.find((answer) => answer.codes.includes(code) || (answer.prefix !== undefined && code.startsWith(answer.prefix)));
  if (known) {
    return withDetail(known, detail);
  }
  return {
    status: 'network',
    message: 'The key could not be checked because of a network error; check your network connection and proxy settings, then try again.',
    detail,
    nextStep: 'retryLater',
  };
}

function interpretAccounts(json: unknown, truncated: boolean, mode: KeyMode | undefined): Omit<KeyCheckResult, 'httpStatus' | 'mode'> {
  const list = readAccountList(json);
  if (!list) {
    return {
      status: 'unexpectedResponse',
      message: `The server at the API base URL answered HTTP 200 but ${truncated ? 'with a response too large to be' : 'not with'} the Infinipost accounts list; check the Infinipost API base URL setting and any proxy in between.`,
      detail: truncated ? 'HTTP 200, body exceeded the size limit and was cut off' : 'HTTP 200, body is not the documented JSON',
      nextStep: 'checkSettings',
    };
  }
  const accounts = list.items.length;
  const atLeast = list.hasMore ? 'at least ' : '';
  const count = `${atLeast}${accounts} account${accounts === 1 && !list.hasMore ? '' : 's'}`;
  let message: string;
  if (mode === 'test') {
    message =
      accounts >= TEST_KEY_ACCOUNT_LIMIT
        ? `The test key is valid and sees ${count}, the most a test key can have (test keys are limited to ${TEST_KEY_ACCOUNT_LIMIT}); use a live key to work with more accounts.`
        : `The test key is valid and sees ${count} (test keys are limited to ${TEST_KEY_ACCOUNT_LIMIT} accounts and incur no charges); nothing to do.`;
  } else if (mode === 'live') {
    message = `The live key is valid and sees ${count}; requests made with it use real data and are billed, so keep it for production.`;
  } else {
    message = `The key is valid and sees ${count}; nothing to do.`;
  }
  return { status: 'valid', accounts, message, nextStep: 'none' };
}

function interpretUnauthorized(
  serverError: ServerError | undefined,
  serverSays: string,
): Omit<KeyCheckResult, 'httpStatus' | 'mode'> {
  switch (serverError?.code) {
    case 'api_key_expired':
      return {
        status: 'expired',
        message: `The API key has expired${serverSays}; rotate it: generate a new key in the Infinipost dashboard (Settings → API Keys), store it here, then delete the old one.`,
        nextStep: 'rotate',
      };
    case 'invalid_api_key':
      return {
        status: 'invalid',
        message: `The API does not recognise this key${serverSays}; replace it with a current key from the Infinipost dashboard (Settings → API Keys), or remove it.`,
        nextStep: 'replaceOrRemove',
      };
    case 'unauthorized':
      // We always send a key, so "no key provided" means it was lost on the way (a proxy or the base URL).
      return {
        status: 'unauthorized',
        message: `The API received no API key${serverSays}, although one was sent; check that no proxy strips the Authorization header and that the API base URL setting points at the Infinipost API.`,
        nextStep: 'checkSettings',
      };
    default:
      return {
        status: 'unauthorized',
        message: `The API refused the key (HTTP 401)${serverSays}; replace it with a current key from the Infinipost dashboard, or check the Infinipost API base URL setting.`,
        nextStep: 'replaceOrRemove',
      };
  }
}

function interpretRedirect(location: string | undefined, requestUrl: string | undefined): Pick<KeyCheckResult, 'status' | 'message' | 'detail' | 'nextStep'> {
  // Following would hand the key to whatever the Location names; report only the host, never the full target.
  let target = 'another address';
  if (location) {
    try {
      const url = new URL(location, requestUrl ?? 'http://relative.invalid');
      target = url.host === 'relative.invalid' ? 'another path on the same server' : `${url.protocol}//${sanitizeServerText(url.host, 100)}`;
    } catch {
      target = 'an unreadable address';
    }
  }
  return {
    status: 'redirected',
    message: `The API base URL redirects to ${target}; the redirect was not followed, so the key was not sent there: update the Infinipost API base URL setting if that address is the right one.`,
    detail: `Redirect to ${target}`,
    nextStep: 'checkSettings',
  };
}

interface ServerError {
  code?: string;
  message?: string;
}

function readServerError(json: unknown): ServerError | undefined {
  if (!isRecord(json) || !isRecord(json.error)) {
    return undefined;
  }
  const code = typeof json.error.code === 'string' ? sanitizeServerText(json.error.code, MAX_SERVER_CODE_LENGTH) : undefined;
  const message = typeof json.error.message === 'string' ? sanitizeServerText(json.error.message) : undefined;
  return code || message ? { ...(code ? { code } : {}), ...(message ? { message } : {}) } : undefined;
}

function describeServerError(error: ServerError): string {
  if (error.code && error.message) {
    return `${error.code}: "${error.message}"`;
  }
  return error.code ?? `"${error.message ?? ''}"`;
}

// The API document shows only the request, not the 200 body. We accept the list shapes such APIs use:
// `{"data":[...]}` (list envelope, optionally with `has_more`), `{"accounts":[...]}`, or a bare array.
function readAccountList(json: unknown): { items: unknown[]; hasMore: boolean } | undefined {
  if (Array.isArray(json)) {
    return { items: json, hasMore: false };
  }
  if (!isRecord(json)) {
    return undefined;
  }
  const items = Array.isArray(json.data) ? json.data : Array.isArray(json.accounts) ? json.accounts : undefined;
  if (!items?.every(isRecord)) {
    return undefined;
  }
  return { items, hasMore: json.has_more === true };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) {
      return Array.isArray(value) ? value[0] : value;
    }
  }
  return undefined;
}

function retryAfterPhrase(seconds: number | undefined): string {
  if (seconds === undefined) {
    return 'in a minute';
  }
  if (seconds === 0) {
    return 'now';
  }
  return `in ${formatDuration(seconds)}`;
}

function formatDuration(seconds: number): string {
  if (seconds < 1) {
    return `${Math.round(seconds * 1000)} ms`;
  }
  if (seconds < 120) {
    const s = Math.round(seconds);
    return `${s} second${s === 1 ? '' : 's'}`;
  }
  if (seconds < 7200) {
    return `${Math.round(seconds / 60)} minutes`;
  }
  return `about ${Math.round(seconds / 3600)} hours`;
}

interface ErrorInfo {
  name?: string;
  code?: string;
  message: string;
  hostname?: string;
}

// Node reports the interesting code on the error itself, on an AggregateError's members (happy
// eyeballs tries several addresses) or on `cause` (wrapped errors); take the first one found.
function errorInfo(err: unknown, depth = 0): ErrorInfo {
  if (!isErrorLike(err)) {
    return { message: typeof err === 'string' ? err : 'Unknown error' };
  }
  const own: ErrorInfo = {
    name: typeof err.name === 'string' ? err.name : undefined,
    code: typeof err.code === 'string' ? err.code : undefined,
    message: typeof err.message === 'string' ? err.message : '',
    hostname: typeof err.hostname === 'string' ? err.hostname : undefined,
  };
  if (own.code || depth > 3) {
    return own;
  }
  const inner: unknown = Array.isArray(err.errors) && err.errors.length > 0 ? err.errors[0] : err.cause;
  if (inner !== undefined) {
    const nested = errorInfo(inner, depth + 1);
    if (nested.code) {
      return { ...nested, name: own.name === 'AbortError' ? own.name : nested.name, message: own.message || nested.message };
    }
  }
  return own;
}

function isErrorLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('CERT_') ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code === 'EPROTO' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'HOSTNAME_MISMATCH'
  );
}

function tlsReason(code: string): string {
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') {
    return 'the server presented a self-signed certificate';
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return "the server's certificate has expired";
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return "the server's certificate is for a different host name";
  }
  if (code.startsWith('UNABLE_TO_') || code.startsWith('CERT_')) {
    return "the server's certificate could not be verified";
  }
  return 'the TLS handshake failed';
}
