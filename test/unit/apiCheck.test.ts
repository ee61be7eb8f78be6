import * as assert from 'assert';
import {
  KeyCheckHttpResponse,
  KeyCheckResult,
  KeyCheckTimeoutError,
  interpretError,
  interpretResponse,
  parseRetryAfter,
  sanitizeServerText,
} from '../../src/core/apiCheck';
import { liveKey, testKey } from '../support/testKeys';

const KEY_SHAPED = /(^|[^A-Za-z0-9_])sk_(live|test)_[A-Za-z0-9]{10,}/;

function response(httpStatus: number, body: unknown, headers: Record<string, string> = {}, bodyTruncated = false): KeyCheckHttpResponse {
  return {
    httpStatus,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    bodyTruncated,
  };
}

function apiError(code: string, message: string): unknown {
  return { error: { code, message } };
}

function accounts(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({ id: `acc_${i}` }));
}

function nodeError(code: string, message = `${code} happened`, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

function assertNoKeyShape(result: KeyCheckResult): void {
  assert.doesNotMatch(JSON.stringify(result), KEY_SHAPED);
}

describe('interpretResponse', () => {
  describe('200 with the accounts list', () => {
    it('reports a valid test key with its account count and the 10-account limit', () => {
      const result = interpretResponse(response(200, { object: 'list', data: accounts(3) }), 'test');
      assert.strictEqual(result.status, 'valid');
      assert.strictEqual(result.accounts, 3);
      assert.strictEqual(result.mode, 'test');
      assert.strictEqual(result.nextStep, 'none');
      assert.match(result.message, /test key is valid/);
      assert.match(result.message, /3 accounts/);
      assert.match(result.message, /limited to 10/);
    });

    it('says when a test key has reached the 10-account limit', () => {
      const result = interpretResponse(response(200, { data: accounts(10) }), 'test');
      assert.strictEqual(result.accounts, 10);
      assert.match(result.message, /the most a test key can have/);
      assert.match(result.message, /live key/);
    });

    it('reports a valid live key, says it is billed, and does not mention the test limit', () => {
      const result = interpretResponse(response(200, { data: accounts(42) }), 'live');
      assert.strictEqual(result.status, 'valid');
      assert.strictEqual(result.accounts, 42);
      assert.strictEqual(result.mode, 'live');
      assert.match(result.message, /live key is valid and sees 42 accounts/);
      assert.match(result.message, /billed/);
      assert.doesNotMatch(result.message, /limited/);
    });

    it('uses the singular for one account and handles zero', () => {
      assert.match(interpretResponse(response(200, { data: accounts(1) }), 'live').message, /sees 1 account;/);
      const none = interpretResponse(response(200, { data: [] }), 'live');
      assert.strictEqual(none.status, 'valid');
      assert.strictEqual(none.accounts, 0);
    });

    it('accepts a bare array and an {"accounts": [...]} envelope', () => {
      assert.strictEqual(interpretResponse(response(200, accounts(2)), 'live').accounts, 2);
      assert.strictEqual(interpretResponse(response(200, { accounts: accounts(4) }), 'live').accounts, 4);
    });

    it('says "at least" when the list is paginated', () => {
      const result = interpretResponse(response(200, { data: accounts(5), has_more: true }), 'live');
      assert.strictEqual(result.accounts, 5);
      assert.match(result.message, /at least 5 accounts/);
    });

    it('works without a known mode', () => {
      const result = interpretResponse(response(200, { data: accounts(2) }), undefined);
      assert.strictEqual(result.status, 'valid');
      assert.strictEqual(result.mode, undefined);
      assert.match(result.message, /key is valid and sees 2 accounts/);
    });
  });

  describe('200 that is not the documented JSON', () => {
    const cases: Array<[string, string]> = [
      ['HTML', '<html><body>Welcome</body></html>'],
      ['empty body', ''],
      ['JSON without a list', '{"ok":true}'],
      ['a list of non-objects', '{"data":[1,2,3]}'],
      ['a JSON string', '"hello"'],
      ['data that is not an array', '{"data":{"id":"acc"}}'],
    ];
    for (const [name, body] of cases) {
      it(`reports ${name} as an unexpected response pointing at the settings`, () => {
        const result = interpretResponse(response(200, body), 'live');
        assert.strictEqual(result.status, 'unexpectedResponse');
        assert.strictEqual(result.httpStatus, 200);
        assert.strictEqual(result.nextStep, 'checkSettings');
        assert.strictEqual(result.accounts, undefined);
        assert.match(result.message, /API base URL/);
      });
    }

    it('says when the body was too large and cut off', () => {
      const result = interpretResponse(response(200, '{"data":[{"id":"a"},', {}, true), 'live');
      assert.strictEqual(result.status, 'unexpectedResponse');
      assert.match(result.message, /too large/);
    });
  });

  describe('401', () => {
    it('maps api_key_expired to expired and offers Rotate', () => {
      const result = interpretResponse(response(401, apiError('api_key_expired', 'This API key has expired')), 'live');
      assert.strictEqual(result.status, 'expired');
      assert.strictEqual(result.httpStatus, 401);
      assert.strictEqual(result.nextStep, 'rotate');
      assert.match(result.message, /has expired/);
      assert.match(result.message, /api_key_expired: "This API key has expired"/);
      assert.match(result.message, /rotate/);
    });

    it('maps invalid_api_key to invalid and offers Replace or Remove', () => {
      const result = interpretResponse(response(401, apiError('invalid_api_key', 'The API key provided is invalid')), 'test');
      assert.strictEqual(result.status, 'invalid');
      assert.strictEqual(result.nextStep, 'replaceOrRemove');
      assert.match(result.message, /does not recognise this key/);
      assert.match(result.message, /The API key provided is invalid/);
      assert.match(result.message, /replace it .* or remove it/);
    });

    it('maps unauthorized ("No API key provided") to unauthorized and points at proxy/base URL', () => {
      const result = interpretResponse(response(401, apiError('unauthorized', 'No API key provided')), 'live');
      assert.strictEqual(result.status, 'unauthorized');
      assert.strictEqual(result.nextStep, 'checkSettings');
      assert.match(result.message, /received no API key/);
      assert.match(result.message, /Authorization header/);
    });

    it('maps an unknown code or a non-JSON 401 to unauthorized with Replace or Remove', () => {
      const odd = interpretResponse(response(401, apiError('something_new', 'Nope')), 'live');
      assert.strictEqual(odd.status, 'unauthorized');
      assert.strictEqual(odd.nextStep, 'replaceOrRemove');
      assert.match(odd.message, /something_new: "Nope"/);
      const html = interpretResponse(response(401, '<html>401</html>'), 'live');
      assert.strictEqual(html.status, 'unauthorized');
      assert.doesNotMatch(html.message, /server said/);
    });
  });

  it('maps 403 to forbidden with the server message', () => {
    const result = interpretResponse(response(403, apiError('forbidden', 'Not allowed')), 'live');
    assert.strictEqual(result.status, 'forbidden');
    assert.strictEqual(result.httpStatus, 403);
    assert.strictEqual(result.nextStep, 'replaceOrRemove');
    assert.match(result.message, /HTTP 403/);
    assert.match(result.message, /forbidden: "Not allowed"/);
  });

  it('maps 404 to notFound and blames the API base URL', () => {
    const result = interpretResponse(response(404, '<html>Not Found</html>'), 'live');
    assert.strictEqual(result.status, 'notFound');
    assert.strictEqual(result.nextStep, 'checkSettings');
    assert.match(result.message, /API base URL is probably wrong/);
  });

  describe('429', () => {
    it('reads Retry-After in seconds', () => {
      const result = interpretResponse(response(429, apiError('rate_limited', 'Slow down'), { 'retry-after': '30' }), 'live');
      assert.strictEqual(result.status, 'rateLimited');
      assert.strictEqual(result.retryAfterSeconds, 30);
      assert.strictEqual(result.nextStep, 'retryLater');
      assert.match(result.message, /try again in 30 seconds/);
    });

    it('reads Retry-After as an HTTP date', () => {
      const at = new Date(Date.now() + 180_000).toUTCString();
      const result = interpretResponse(response(429, '', { 'Retry-After': at }), 'live');
      assert.ok(result.retryAfterSeconds !== undefined && result.retryAfterSeconds >= 178 && result.retryAfterSeconds <= 181, String(result.retryAfterSeconds));
      assert.match(result.message, /try again in 3 minutes/);
    });

    it('works without (or with an unreadable) Retry-After', () => {
      for (const headers of [{}, { 'retry-after': 'soon' }] as Array<Record<string, string>>) {
        const result = interpretResponse(response(429, '', headers), 'live');
        assert.strictEqual(result.status, 'rateLimited');
        assert.strictEqual(result.retryAfterSeconds, undefined);
        assert.match(result.message, /try again in a minute/);
      }
    });

    it('takes the first of repeated Retry-After headers', () => {
      const result = interpretResponse({ httpStatus: 429, headers: { 'retry-after': ['5', '60'] }, body: '', bodyTruncated: false }, 'live');
      assert.strictEqual(result.retryAfterSeconds, 5);
    });
  });

  for (const status of [500, 502, 503, 504]) {
    it(`maps ${status} to serverError with retry later`, () => {
      const result = interpretResponse(response(status, apiError('internal_error', 'Oops')), 'live');
      assert.strictEqual(result.status, 'serverError');
      assert.strictEqual(result.httpStatus, status);
      assert.strictEqual(result.nextStep, 'retryLater');
      assert.match(result.message, new RegExp(`HTTP ${status}`));
      assert.match(result.message, /try again/);
    });
  }

  it('passes a 503 Retry-After through', () => {
    const result = interpretResponse(response(503, '', { 'retry-after': '120' }), 'live');
    assert.strictEqual(result.retryAfterSeconds, 120);
    assert.match(result.message, /in 2 minutes/);
  });

  it('maps a 407 from a proxy to proxy', () => {
    const result = interpretResponse(response(407, ''), 'live');
    assert.strictEqual(result.status, 'proxy');
    assert.strictEqual(result.nextStep, 'checkSettings');
    assert.match(result.message, /proxy/);
  });

  it('maps other statuses to unexpectedResponse', () => {
    for (const status of [204, 400, 405, 418]) {
      const result = interpretResponse(response(status, ''), 'live');
      assert.strictEqual(result.status, 'unexpectedResponse', String(status));
      assert.strictEqual(result.httpStatus, status);
    }
  });

  describe('redirects', () => {
    it('reports the Location host only, not the full target, and does not follow', () => {
      const result = interpretResponse(response(302, '', { location: 'https://evil.example:8443/collect?token=abc' }), 'live');
      assert.strictEqual(result.status, 'redirected');
      assert.strictEqual(result.httpStatus, 302);
      assert.strictEqual(result.nextStep, 'checkSettings');
      assert.match(result.message, /redirects to https:\/\/evil\.example:8443/);
      assert.match(result.message, /not sent there/);
      assert.doesNotMatch(JSON.stringify(result), /collect|token/);
    });

    it('resolves a relative Location against the request URL when given', () => {
      const relative = interpretResponse(response(301, '', { location: '/v2/accounts' }), 'live');
      assert.match(relative.message, /another path on the same server/);
      const resolved = interpretResponse(response(308, '', { location: '/v2/accounts' }), 'live', 'https://api.infinipost.co/v1/accounts');
      assert.match(resolved.message, /https:\/\/api\.infinipost\.co/);
    });

    it('copes with a missing Location', () => {
      const result = interpretResponse(response(307, ''), 'live');
      assert.strictEqual(result.status, 'redirected');
      assert.match(result.message, /another address/);
    });
  });

  describe('server text', () => {
    it('strips control and bidi characters and collapses whitespace', () => {
      const result = interpretResponse(response(403, apiError('forbid\u0000den', 'Line one\r\n\tline\u202e two\u001b[31m')), 'live');
      assert.match(result.message, /forbid den: "Line one line two \[31m"/);
      assert.doesNotMatch(result.message, /[\u0000-\u001f\u202e]/);
    });

    it('caps a long server message and code', () => {
      const result = interpretResponse(response(403, apiError('c'.repeat(500), 'm'.repeat(5000))), 'live');
      assert.ok(!result.message.includes('m'.repeat(201)));
      assert.ok(!result.message.includes('c'.repeat(65)));
      assert.ok(result.message.length < 600, String(result.message.length));
      assert.match(result.message, /m…"/);
    });

    it('masks a key the server echoes back, in message and detail', () => {
      const live = liveKey();
      const test = testKey();
      const result = interpretResponse(response(401, apiError('invalid_api_key', `Key ${live} is invalid; did you mean ${test}?`)), 'live');
      assert.ok(!JSON.stringify(result).includes(live));
      assert.ok(!JSON.stringify(result).includes(test));
      assert.ok(result.message.includes('sk_live_…' + live.slice(-4)));
      assertNoKeyShape(result);
    });
  });
});

describe('sanitizeServerText', () => {
  it('masks key-shaped text of any length, also glued to an escape', () => {
    assert.strictEqual(sanitizeServerText('got ' + 'sk_' + 'test_' + 'abc'), 'got sk_test_…');
    // The redaction rule the logger uses too: an identifier's tail is masked rather than risk an escaped key.
    assert.strictEqual(sanitizeServerText('task_' + 'test_value'), 'task_test_…');
    const key = liveKey();
    assert.strictEqual(sanitizeServerText(`?key%3D${key}`), `?key%3Dsk_live_…${key.slice(-4)}`);
  });

  it('caps to the given length with an ellipsis', () => {
    const out = sanitizeServerText('x'.repeat(300));
    assert.strictEqual(out.length, 200);
    assert.ok(out.endsWith('…'));
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delta seconds', () => {
    assert.strictEqual(parseRetryAfter('0', now), 0);
    assert.strictEqual(parseRetryAfter(' 120 ', now), 120);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    assert.strictEqual(parseRetryAfter('Wed, 01 Jan 2025 00:01:30 GMT', now), 90);
    assert.strictEqual(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now), 0);
  });
  it('ignores what it cannot read', () => {
    assert.strictEqual(parseRetryAfter(undefined, now), undefined);
    assert.strictEqual(parseRetryAfter('-5', now), undefined);
    assert.strictEqual(parseRetryAfter('1.5', now), undefined);
    assert.strictEqual(parseRetryAfter('later', now), undefined);
  });
});

describe('interpretError', () => {
  const cases: Array<[string, unknown, KeyCheckResult['status'], KeyCheckResult['nextStep'], RegExp]> = [
    ['ENOTFOUND', nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example.invalid', { hostname: 'api.example.invalid' }), 'dns', 'checkSettings', /"api\.example\.invalid" could not be found/],
    ['EAI_AGAIN', nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN api.infinipost.co'), 'dns', 'checkSettings', /DNS lookup failed/],
    ['ECONNREFUSED', nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), 'network', 'checkSettings', /refused the connection/],
    ['ECONNRESET', nodeError('ECONNRESET', 'socket hang up'), 'network', 'retryLater', /dropped/],
    ['EHOSTUNREACH', nodeError('EHOSTUNREACH'), 'network', 'checkSettings', /cannot be reached/],
    ['ENETUNREACH', nodeError('ENETUNREACH'), 'network', 'checkSettings', /cannot be reached/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', nodeError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'tls', 'checkSettings', /self-signed certificate.*key was not sent/],
    ['SELF_SIGNED_CERT_IN_CHAIN', nodeError('SELF_SIGNED_CERT_IN_CHAIN'), 'tls', 'checkSettings', /self-signed/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls', 'checkSettings', /could not be verified/],
    ['CERT_HAS_EXPIRED', nodeError('CERT_HAS_EXPIRED'), 'tls', 'checkSettings', /certificate has expired/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', nodeError('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', 'checkSettings', /different host name/],
    ['EPROTO', nodeError('EPROTO', 'wrong version number'), 'tls', 'checkSettings', /TLS handshake failed/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', nodeError('ERR_SSL_WRONG_VERSION_NUMBER'), 'tls', 'checkSettings', /TLS handshake failed/],
    ['a proxy message', new Error('Failed to establish a socket connection to proxies: PROXY corp:3128'), 'proxy', 'checkSettings', /proxy/],
    ['a refused proxy', nodeError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:3128 (proxy)'), 'proxy', 'checkSettings', /http\.proxy/],
    ['our timeout', new KeyCheckTimeoutError(10_000), 'timeout', 'retryLater', /did not answer within 10 seconds/],
    ['a sub-second timeout', new KeyCheckTimeoutError(300), 'timeout', 'retryLater', /within 300 ms/],
    ['ETIMEDOUT', nodeError('ETIMEDOUT'), 'timeout', 'retryLater', /timed out/],
    ['a DOMException TimeoutError', Object.assign(new Error('signal timed out'), { name: 'TimeoutError' }), 'timeout', 'retryLater', /timed out/],
    ['AbortError', Object.assign(new Error('This operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }), 'cancelled', 'none', /^The key check was cancelled\.$/],
    ['an HTTP parse error', nodeError('HPE_INVALID_CONSTANT', 'Parse Error'), 'unexpectedResponse', 'checkSettings', /valid HTTP/],
    ['an unknown code', nodeError('EWHATEVER'), 'network', 'retryLater', /network error/],
    ['a string', 'boom', 'network', 'retryLater', /network error/],
    ['undefined', undefined, 'network', 'retryLater', /network error/],
  ];
  for (const [name, err, status, nextStep, message] of cases) {
    it(`maps ${name} to ${status}`, () => {
      const result = interpretError(err);
      assert.strictEqual(result.status, status);
      assert.strictEqual(result.nextStep, nextStep);
      assert.match(result.message, message);
      assert.strictEqual(result.httpStatus, undefined);
    });
  }

  it('finds the code inside an AggregateError (several addresses tried)', () => {
    const err = new AggregateError([nodeError('ECONNREFUSED'), nodeError('ECONNREFUSED')], 'all failed');
    assert.strictEqual(interpretError(err).status, 'network');
  });

  it('finds the code on a cause', () => {
    const err = new Error('fetch failed', { cause: nodeError('ENOTFOUND') });
    assert.strictEqual(interpretError(err).status, 'dns');
  });

  it('keeps a sanitised technical detail and masks key-shaped text in it', () => {
    const key = liveKey();
    const result = interpretError(nodeError('ECONNRESET', `reset while sending ${key}\n\u0007`));
    assert.strictEqual(result.detail, `ECONNRESET: reset while sending sk_live_…${key.slice(-4)}`);
    assertNoKeyShape(result);
  });
});
