import * as assert from 'assert';
import { DEFAULT_ENV_VAR_NAME, validateEnvVarName } from '../../src/core/envVarName';
import { liveKey, randomBody, seededRandom, testKey } from '../support/testKeys';

function assertRefused(name: string, pattern?: RegExp): string {
  const message = validateEnvVarName(name);
  assert.ok(message, `expected ${JSON.stringify(name)} to be refused`);
  assert.match(message, /infinipost\.environmentVariable/);
  assert.match(message, new RegExp(`default ${DEFAULT_ENV_VAR_NAME} instead`));
  if (pattern) {
    assert.match(message, pattern);
  }
  return message;
}

describe('validateEnvVarName', () => {
  it('accepts plain upper-case names of 3 to 64 characters', () => {
    for (const name of [DEFAULT_ENV_VAR_NAME, 'INFINIPOST_KEY', 'INFINIPOST_TOKEN', 'INFINIPOST_STAGING_API_KEY', 'ABC', 'A1_B2', 'MY_APP_INFINIPOST', 'X'.repeat(64), 'K'.padEnd(64, '_')]) {
      assert.strictEqual(validateEnvVarName(name), undefined, name);
    }
  });
  it('refuses anything outside the allowed shape ^[A-Z][A-Z0-9_]{2,63}$', () => {
    for (const name of ['1ABC', 'A-B', 'A B', ' ABC', 'ABC\n', 'A=B', 'A.B', '$ABC', 'ÄPI_KEY', '_PRIVATE', 'AB', 'A', 'infinipost_api_key', 'apiKey', 'Infinipost_Key', 'X'.repeat(63) + 'x']) {
      assertRefused(name, /3 to 64 capital letters, digits and underscores/);
    }
  });
  it('refuses an empty name', () => {
    assertRefused('', /empty/);
  });
  it('refuses names over 64 characters', () => {
    assertRefused('A'.repeat(65), /64/);
    assertRefused('A'.repeat(10_000), /64/);
  });
  it('refuses the names the issue lists: PROMPT, SSLKEYLOGFILE, BROWSER, LESSOPEN', () => {
    for (const name of ['PROMPT', 'SSLKEYLOGFILE', 'BROWSER', 'LESSOPEN', 'prompt', 'SslKeyLogFile']) {
      const message = assertRefused(name, /decide how they run/);
      assert.ok(message.includes(name.toUpperCase()), message);
    }
  });
  it('refuses whole tool families: DOCKER_HOST and the other DOCKER_, AWS_, AZURE_, SSH_ variables', () => {
    for (const [name, prefix] of [['DOCKER_HOST', 'DOCKER_'], ['DOCKER_CONFIG', 'DOCKER_'], ['AWS_SECRET_ACCESS_KEY', 'AWS_'], ['AZURE_CLIENT_SECRET', 'AZURE_'], ['SSH_AGENT_PID', 'SSH_']]) {
      const message = assertRefused(name, /cannot start with/);
      assert.ok(message.includes(prefix), message);
    }
  });
  it('refuses other vendors\' credential variables (*_API_KEY, *_TOKEN), but not INFINIPOST_ ones', () => {
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'STRIPE_API_KEY', 'GITHUB_TOKEN', 'GH_TOKEN', 'NPM_TOKEN', 'HF_TOKEN', 'MY_API_KEY', 'XINFINIPOST_TOKEN']) {
      assertRefused(name, /other tools read such variables as their own credentials/);
    }
    for (const name of ['INFINIPOST_API_KEY', 'INFINIPOST_TOKEN', 'INFINIPOST_LIVE_API_KEY']) {
      assert.strictEqual(validateEnvVarName(name), undefined, name);
    }
  });
  it('refuses variables that change how programs run, in any case', () => {
    const reserved = [
      'PATH', 'path', 'Path', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'NODE_OPTIONS', 'NODE_PATH', 'PYTHONPATH',
      'PYTHONSTARTUP', 'PYTHONHOME', 'RUBYOPT', 'RUBYLIB', 'PERL5LIB', 'PERL5OPT', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS',
      'BASH_ENV', 'ENV', 'HOME', 'SHELL', 'IFS', 'PS4', 'PROMPT_COMMAND', 'ZDOTDIR', 'SSL_CERT_FILE',
      'NODE_EXTRA_CA_CERTS', 'HTTP_PROXY', 'https_proxy', 'TMPDIR', 'LANG', 'TERM', 'USER', 'ComSpec',
    ];
    for (const name of reserved) {
      const message = assertRefused(name, /decide how they run/);
      assert.ok(message.includes(name.toUpperCase()), message);
    }
  });
  it('refuses whole families by prefix', () => {
    for (const [name, prefix] of [
      ['DYLD_INSERT_LIBRARIES', 'DYLD_'],
      ['DYLD_LIBRARY_PATH', 'DYLD_'],
      ['GIT_SSH_COMMAND', 'GIT_'],
      ['GIT_ASKPASS', 'GIT_'],
      ['LC_ALL', 'LC_'],
      ['LD_BIND_NOW', 'LD_'],
      ['NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_'],
      ['NPM_CONFIG_REGISTRY', 'NPM_CONFIG_'],
      ['PYTHONBREAKPOINT', 'PYTHON'],
      ['ELECTRON_RUN_AS_NODE', 'ELECTRON_'],
      ['CORECLR_PROFILER', 'CORECLR_'],
    ]) {
      const message = assertRefused(name, /cannot start with/);
      assert.ok(message.includes(prefix), message);
    }
  });
  it('refuses a pasted key without repeating it', () => {
    const random = seededRandom(12);
    for (let i = 0; i < 20; i++) {
      const body = randomBody(24 + i, random);
      for (const value of [liveKey(body), testKey(body), 'SK_LIVE_' + body.toUpperCase()]) {
        const message = assertRefused(value, /API key/);
        assert.ok(!message.includes(body.slice(0, 8)) && !message.includes(body.toUpperCase().slice(0, 8)), message);
      }
    }
  });
  it('refuses a bare key body, which is also a valid identifier, without repeating it', () => {
    const body = 'Ab1' + randomBody(29, seededRandom(13));
    const message = assertRefused(body, /secret value/);
    assert.ok(!message.includes(body.slice(3, 11)), message);
  });
  it('never repeats an invalid value', () => {
    const odd = 'my key ' + randomBody(20, seededRandom(14));
    const message = assertRefused(odd);
    assert.ok(!message.includes(odd.slice(7, 15)), message);
  });
});
