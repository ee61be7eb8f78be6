// The base URL decides where keys are sent. A mistake here leaks the key in the clear (http),
// to a log (credentials or a query string in the URL) or to someone else's server, so the
// value is validated strictly; the setting itself must not be settable by a workspace.

/** Where key checks go when nothing else is configured. */
export const DEFAULT_API_BASE_URL = 'https://api.infinipost.co';

// Exactly these names, as the URL parser normalizes them (it turns `127.1` or `0x7f.0.0.1` into
// 127.0.0.1). The rest of 127.0.0.0/8 is loopback too on Linux but not configured on macOS, and
// nobody needs it for a local mock; a short list is easy to state in the setting's message.
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a URL's host name (as `URL.hostname` gives it) is this machine. The one rule for where
 * plain http may carry a key: the setting's validation and the HTTP client both ask it.
 */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/** Validates and normalizes the API base URL (no trailing slash); an empty value means the default. */
export function validateApiBaseUrl(value: string): { url?: string; error?: string } {
  // Messages never repeat the value: it may hold credentials.
  const trimmed = value.trim();
  if (trimmed === '') {
    return { url: DEFAULT_API_BASE_URL };
  }
  // The URL parser silently drops tabs and line breaks inside a value; refuse instead of guessing.
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) {
    return { error: 'The API base URL must not contain spaces or line breaks.' };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { error: `The API base URL is not a valid URL. Use a full address such as ${DEFAULT_API_BASE_URL}.` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return {
      error: 'The API base URL must start with https:// so the key is encrypted in transit (http:// is allowed only for localhost).',
    };
  }
  if (url.username !== '' || url.password !== '') {
    return { error: 'The API base URL must not contain a user name or password. Remove the part before "@".' };
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(trimmed)) {
    return { error: 'The API base URL must not contain a query (?…) or fragment (#…). Use only the address and path.' };
  }
  if (url.hostname === '') {
    return { error: `The API base URL has no host name. Use a full address such as ${DEFAULT_API_BASE_URL}.` };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { url: `${url.protocol}//${url.host}${path}` };
}

/** The origin (scheme, host and port) of an API base URL: what a person approves keys to be sent to. */
export function apiOrigin(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/** True when keys may go to `origin` without asking: the default API, or an origin the person approved. */
export function isApprovedOrigin(origin: string, approved: readonly unknown[]): boolean {
  return origin === apiOrigin(DEFAULT_API_BASE_URL) || approved.some((entry) => entry === origin);
}
