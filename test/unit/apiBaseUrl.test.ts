import * as assert from 'assert';
import { DEFAULT_API_BASE_URL, apiOrigin, isApprovedOrigin, isLoopbackHost, validateApiBaseUrl } from '../../src/core/apiBaseUrl';

function accepted(value: string): string {
  const result = validateApiBaseUrl(value);
  assert.strictEqual(result.error, undefined, `${value}: ${result.error}`);
  assert.ok(result.url, value);
  return result.url;
}

function refused(value: string, pattern: RegExp): string {
  const result = validateApiBaseUrl(value);
  assert.strictEqual(result.url, undefined, value);
  assert.match(result.error ?? '', pattern, value);
  return result.error ?? '';
}

describe('validateApiBaseUrl', () => {
  it('uses the default for an empty value', () => {
    assert.strictEqual(DEFAULT_API_BASE_URL, 'https://api.infinipost.co');
    assert.deepStrictEqual(validateApiBaseUrl(''), { url: DEFAULT_API_BASE_URL });
    assert.deepStrictEqual(validateApiBaseUrl('   '), { url: DEFAULT_API_BASE_URL });
  });
  it('accepts https URLs and normalizes them without a trailing slash', () => {
    assert.strictEqual(accepted('https://api.infinipost.co'), 'https://api.infinipost.co');
    assert.strictEqual(accepted('https://api.infinipost.co/'), 'https://api.infinipost.co');
    assert.strictEqual(accepted(' HTTPS://API.Infinipost.CO/ '), 'https://api.infinipost.co');
    assert.strictEqual(accepted('https://api.infinipost.co:443/'), 'https://api.infinipost.co');
    assert.strictEqual(accepted('https://eu.api.infinipost.co:8443/v2//'), 'https://eu.api.infinipost.co:8443/v2');
    assert.strictEqual(accepted('https://gateway.example.com/infinipost/api/'), 'https://gateway.example.com/infinipost/api');
  });
  it('accepts plain http only to this machine', () => {
    assert.strictEqual(accepted('http://localhost:4010/'), 'http://localhost:4010');
    assert.strictEqual(accepted('http://127.0.0.1:8080/mock'), 'http://127.0.0.1:8080/mock');
    assert.strictEqual(accepted('http://[::1]:9000'), 'http://[::1]:9000');
    assert.strictEqual(accepted('http://LOCALHOST'), 'http://localhost');
  });
  it('refuses plain http to any other host', () => {
    for (const value of ['http://api.infinipost.co', 'http://10.0.0.5:8080', 'http://localhost.evil.example', 'http://127.0.0.2', 'http://0.0.0.0']) {
      refused(value, /https:\/\//);
    }
  });
  it('refuses other schemes', () => {
    for (const value of ['ftp://api.infinipost.co', 'file:///etc/passwd', 'javascript:alert(1)', 'ws://localhost', 'data:text/plain,x']) {
      refused(value, /https:\/\//);
    }
  });
  it('refuses values that are not URLs', () => {
    for (const value of ['api.infinipost.co', 'not a url', '//api.infinipost.co', 'https://']) {
      refused(value, /not a valid URL|spaces/);
    }
  });
  it('refuses credentials without repeating them', () => {
    for (const value of ['https://user:s3cretPa55@api.infinipost.co', 'https://s3cretPa55@api.infinipost.co', 'http://admin:s3cretPa55@localhost:3000']) {
      const message = refused(value, /user name or password/);
      assert.ok(!message.includes('s3cretPa55'));
    }
  });
  it('refuses query strings and fragments, even empty ones', () => {
    for (const value of ['https://api.infinipost.co/?token=abc', 'https://api.infinipost.co/v1?', 'https://api.infinipost.co#top', 'https://api.infinipost.co/#']) {
      const message = refused(value, /query|fragment/);
      assert.ok(!message.includes('token'));
    }
  });
  it('refuses embedded whitespace, which the URL parser would silently drop', () => {
    refused('https://api.infini\npost.co', /spaces or line breaks/);
    refused('https://api.infinipost.co/v1 /x', /spaces or line breaks/);
    refused('https://api.infini\tpost.co', /spaces or line breaks/);
  });
});

describe('isLoopbackHost', () => {
  it('accepts localhost, 127.0.0.1 and [::1] as the URL parser writes them', () => {
    for (const url of ['http://localhost:1', 'http://LOCALHOST', 'http://127.0.0.1', 'http://127.1', 'http://0x7f.0.0.1', 'http://[::1]', 'http://[0:0::1]']) {
      assert.strictEqual(isLoopbackHost(new URL(url).hostname), true, url);
    }
  });
  it('refuses every other host, including the rest of 127.0.0.0/8', () => {
    for (const url of ['http://127.0.0.2', 'http://127.255.255.255', 'http://0.0.0.0', 'http://localhost.evil.example', 'http://[::ffff:127.0.0.1]', 'http://10.0.0.1']) {
      assert.strictEqual(isLoopbackHost(new URL(url).hostname), false, url);
    }
  });
});

describe('apiOrigin and isApprovedOrigin', () => {
  it('reduces a base URL to the origin a person approves (scheme, host, port)', () => {
    assert.strictEqual(apiOrigin('https://API.infinipost.co:443/v1'), 'https://api.infinipost.co');
    assert.strictEqual(apiOrigin('http://127.0.0.1:8123/base'), 'http://127.0.0.1:8123');
  });
  it('approves the default API without asking, and other origins only when listed exactly', () => {
    assert.strictEqual(isApprovedOrigin(apiOrigin(DEFAULT_API_BASE_URL), []), true);
    assert.strictEqual(isApprovedOrigin('http://127.0.0.1:8123', []), false);
    assert.strictEqual(isApprovedOrigin('http://127.0.0.1:8123', ['http://127.0.0.1:8123']), true);
    // Another port, scheme or a look-alike host is another origin.
    for (const other of ['http://127.0.0.1:8124', 'https://127.0.0.1:8123', 'https://api.infinipost.co.evil.example', 'http://api.infinipost.co']) {
      assert.strictEqual(isApprovedOrigin(other, ['http://127.0.0.1:8123']), false, other);
    }
    // Whatever else ended up in the stored list is no approval.
    assert.strictEqual(isApprovedOrigin('http://127.0.0.1:8123', [null, 42, { origin: 'http://127.0.0.1:8123' }, ['http://127.0.0.1:8123']]), false);
  });
});
