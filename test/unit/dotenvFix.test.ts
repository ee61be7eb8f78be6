import * as assert from 'assert';
import {
  ENV_EXAMPLE_COMMENT,
  dotenvUpsertEffect,
  dotenvValuesOf,
  ensureGitignored,
  GITIGNORE_COMMENT,
  planConfigReference,
  upsertDotenvVariable,
  upsertEnvExample,
} from '../../src/core/dotenvFix';
import { applyChanges } from '../../src/core/envReadRefactor';
import { liveKey, randomBody, seededRandom, testKey } from '../support/testKeys';

// Keys are built at run time: a key-shaped literal in the repository would be flagged by every scanner.
const random = seededRandom(99);
const LIVE = liveKey(randomBody(32, random));
const TEST = testKey(randomBody(32, random));
const VARIABLE = 'INFINIPOST_API_KEY';
const KEY_SHAPED = /sk_(?:live|test)_[A-Za-z0-9]/;

describe('upsertDotenvVariable', () => {
  it('creates the file content when there is no .env yet', () => {
    assert.strictEqual(upsertDotenvVariable(undefined, VARIABLE, LIVE), `${VARIABLE}=${LIVE}\n`);
    assert.strictEqual(upsertDotenvVariable('', VARIABLE, LIVE), `${VARIABLE}=${LIVE}\n`);
  });

  it('appends and keeps the other lines and the trailing newline', () => {
    assert.strictEqual(upsertDotenvVariable('# mine\nA=1\n', VARIABLE, LIVE), `# mine\nA=1\n${VARIABLE}=${LIVE}\n`);
  });

  it('appends to a file without a final newline without adding one', () => {
    assert.strictEqual(upsertDotenvVariable('A=1', VARIABLE, LIVE), `A=1\n${VARIABLE}=${LIVE}`);
  });

  it('replaces an existing assignment in place and drops duplicates', () => {
    const before = `A=1\n${VARIABLE}=${TEST}\nB=2\n${VARIABLE} = other\n`;
    assert.strictEqual(upsertDotenvVariable(before, VARIABLE, LIVE), `A=1\n${VARIABLE}=${LIVE}\nB=2\n`);
  });

  it('keeps `export` and CRLF line endings', () => {
    const before = `A=1\r\nexport ${VARIABLE}=${TEST}\r\n`;
    assert.strictEqual(upsertDotenvVariable(before, VARIABLE, LIVE), `A=1\r\nexport ${VARIABLE}=${LIVE}\r\n`);
  });

  it('replaces a quoted value spanning several lines', () => {
    const before = `${VARIABLE}="first\nsecond"\nB=2\n`;
    assert.strictEqual(upsertDotenvVariable(before, VARIABLE, LIVE), `${VARIABLE}=${LIVE}\nB=2\n`);
  });

  it('does not touch similarly named variables or comments', () => {
    const before = `${VARIABLE}_OLD=1\n# ${VARIABLE}=commented\nMY_${VARIABLE}=2\n`;
    assert.strictEqual(upsertDotenvVariable(before, VARIABLE, 'v'), `${before}${VARIABLE}=v\n`);
  });

  it('quotes values that need it', () => {
    assert.strictEqual(upsertDotenvVariable(undefined, 'X', 'a b#c'), "X='a b#c'\n");
    assert.strictEqual(upsertDotenvVariable(undefined, 'X', `it's "x"`), 'X="it\'s \\"x\\""\n');
    assert.strictEqual(upsertDotenvVariable(undefined, 'X', 'a\nb'), 'X="a\\nb"\n');
  });

  it('is idempotent', () => {
    const once = upsertDotenvVariable('A=1\n', VARIABLE, LIVE);
    assert.strictEqual(upsertDotenvVariable(once, VARIABLE, LIVE), once);
  });

  it('refuses a variable name that is not an identifier', () => {
    assert.throws(() => upsertDotenvVariable('', 'A B', LIVE), RangeError);
  });
});

describe('ensureGitignored', () => {
  it('creates a .gitignore with a comment saying who added the entry', () => {
    assert.strictEqual(ensureGitignored(undefined, '.env'), `${GITIGNORE_COMMENT}\n.env\n`);
    assert.strictEqual(GITIGNORE_COMMENT, '# Local secrets (added by Infinipost)');
  });

  it('appends after a blank line and keeps the newline style', () => {
    assert.strictEqual(ensureGitignored('node_modules\n', '.env'), `node_modules\n\n${GITIGNORE_COMMENT}\n.env\n`);
    assert.strictEqual(ensureGitignored('node_modules', '.env'), `node_modules\n\n${GITIGNORE_COMMENT}\n.env\n`);
    assert.strictEqual(ensureGitignored('dist\r\n\r\n', '.env'), `dist\r\n\r\n${GITIGNORE_COMMENT}\r\n.env\r\n`);
  });

  for (const pattern of ['.env', '/.env', '.env*', '*.env', '**/.env', '.e[n]v', '*', '.env  ']) {
    it(`sees that \`${pattern.trim()}\` already ignores .env`, () => {
      assert.strictEqual(ensureGitignored(`node_modules\n${pattern}\n`, '.env'), undefined);
    });
  }

  for (const pattern of ['.env.*', '.env/', '# .env', 'sub/.env', '.envrc', '!.env']) {
    it(`adds the entry when only \`${pattern}\` is there`, () => {
      const updated = ensureGitignored(`${pattern}\n`, '.env');
      assert.ok(updated !== undefined && updated.endsWith('\n.env\n'), updated);
    });
  }

  it('honours a later negation, and its own entry wins over an earlier one', () => {
    const updated = ensureGitignored('.env\n!.env\n', '.env');
    assert.ok(updated !== undefined);
    assert.strictEqual(ensureGitignored(updated, '.env'), undefined);
  });

  it('is idempotent', () => {
    const once = ensureGitignored('dist\n', '.env') as string;
    assert.strictEqual(ensureGitignored(once, '.env'), undefined);
  });

  // The quick fix on a tracked .env in a subfolder used its own writer (no comment, exact-line check).
  it('anchors a nested file, escaping glob characters, and is idempotent for it too', () => {
    const updated = ensureGitignored('dist\n', 'svc/[x]/.env', { anchored: true });
    assert.strictEqual(updated, `dist\n\n${GITIGNORE_COMMENT}\n/svc/\\[x\\]/.env\n`);
    assert.strictEqual(ensureGitignored(updated, 'svc/[x]/.env', { anchored: true }), undefined);
    assert.strictEqual(ensureGitignored('.env\n', 'svc/.env', { anchored: true }), undefined, 'an unanchored name covers every folder');
  });

  for (const [pattern, ignored] of [['svc/*', true], ['svc/**', true], ['**/svc/.env', true], ['s*c/.e?v', true], ['{svc,x}/.env', false], ['s**/.env', true], ['a/**/b', false]] as const) {
    it(`matches \`${pattern}\` as git does (${ignored ? 'ignored' : 'not ignored'})`, () => {
      assert.strictEqual(ensureGitignored(`${pattern}\n`, 'svc/.env', { anchored: true }) === undefined, ignored);
    });
  }
});

describe('upsertEnvExample', () => {
  it('adds a placeholder with a comment pointing to "Add API Key"', () => {
    assert.strictEqual(upsertEnvExample(undefined, VARIABLE), `${ENV_EXAMPLE_COMMENT}\n${VARIABLE}=\n`);
    assert.match(ENV_EXAMPLE_COMMENT, /^# .*Infinipost.*Add API Key/);
  });

  it('appends after the existing lines, separated by a blank line', () => {
    assert.strictEqual(upsertEnvExample('A=', VARIABLE), `A=\n\n${ENV_EXAMPLE_COMMENT}\n${VARIABLE}=\n`);
  });

  it('is idempotent and leaves an existing entry alone', () => {
    const once = upsertEnvExample('A=\n', VARIABLE);
    assert.strictEqual(upsertEnvExample(once, VARIABLE), once);
    assert.strictEqual(upsertEnvExample(`${VARIABLE}=your-key\n`, VARIABLE), `${VARIABLE}=your-key\n`);
  });

  it('never contains a key', () => {
    assert.doesNotMatch(upsertEnvExample(undefined, VARIABLE), KEY_SHAPED);
  });
});

describe('planConfigReference', () => {
  const cases: ReadonlyArray<[lang: string, input: string, expected: string]> = [
    ['json', '{"apiKey": "@K@"}', '{"apiKey": "${INFINIPOST_API_KEY}"}'],
    ['json', '{"auth": "Bearer @K@"}', '{"auth": "Bearer ${INFINIPOST_API_KEY}"}'],
    ['jsonc', '{\n  // key\n  "url": "https://x/?key=@K@&a=1"\n}', '{\n  // key\n  "url": "https://x/?key=${INFINIPOST_API_KEY}&a=1"\n}'],
    ['json', '{"apiKey": @K@}', '{"apiKey": "${INFINIPOST_API_KEY}"}'],
    ['yaml', 'api_key: @K@\n', 'api_key: "${INFINIPOST_API_KEY}"\n'],
    ['yaml', 'auth: Bearer @K@ # header\n', 'auth: "Bearer ${INFINIPOST_API_KEY}" # header\n'],
    ['yaml', "api_key: '@K@'\n", "api_key: '${INFINIPOST_API_KEY}'\n"],
    ['yaml', 'api_key: "@K@"\n', 'api_key: "${INFINIPOST_API_KEY}"\n'],
    ['yaml', 'keys:\n  - @K@\n', 'keys:\n  - "${INFINIPOST_API_KEY}"\n'],
    ['yaml', 'env: {KEY: @K@, B: 1}\n', 'env: {KEY: "${INFINIPOST_API_KEY}", B: 1}\n'],
    ['toml', 'api_key = "@K@"\n', 'api_key = "${INFINIPOST_API_KEY}"\n'],
    ['toml', "api_key = 'Bearer @K@'\n", "api_key = 'Bearer ${INFINIPOST_API_KEY}'\n"],
    ['toml', 'api_key = @K@\n', 'api_key = "${INFINIPOST_API_KEY}"\n'],
    ['ini', '[api]\nkey = @K@\n', '[api]\nkey = ${INFINIPOST_API_KEY}\n'],
    ['properties', 'infinipost.key=@K@\n', 'infinipost.key=${INFINIPOST_API_KEY}\n'],
    ['dotenv', 'OTHER_KEY=@K@\n', 'OTHER_KEY=${INFINIPOST_API_KEY}\n'],
    ['plaintext', 'key: @K@\n', 'key: ${INFINIPOST_API_KEY}\n'],
  ];
  for (const [lang, input, expected] of cases) {
    it(`${lang}: ${JSON.stringify(input)}`, () => {
      const text = input.replace('@K@', LIVE);
      const start = text.indexOf(LIVE);
      const changes = planConfigReference(text, lang, start, start + LIVE.length, VARIABLE);
      const output = applyChanges(text, changes);
      assert.strictEqual(output, expected);
      assert.doesNotMatch(output, KEY_SHAPED);
      if (lang === 'json') {
        assert.doesNotThrow(() => JSON.parse(output));
      }
    });
  }

  it('refuses a range outside the text', () => {
    assert.throws(() => planConfigReference('a', 'json', 0, 5, VARIABLE), RangeError);
  });
});

describe('dotenvUpsertEffect (asks before a different value is replaced)', () => {
  it('adds when the variable is not there', () => {
    assert.strictEqual(dotenvUpsertEffect(undefined, VARIABLE, LIVE), 'added');
    assert.strictEqual(dotenvUpsertEffect(`# ${VARIABLE}=x\nMY_${VARIABLE}=y\n`, VARIABLE, LIVE), 'added');
  });

  it('sees the same key, quoted or not, as unchanged', () => {
    for (const line of [`${VARIABLE}=${LIVE}`, `export ${VARIABLE}='${LIVE}'`, `${VARIABLE} = "${LIVE}"  `, `${VARIABLE}=${LIVE} # prod`]) {
      assert.strictEqual(dotenvUpsertEffect(`A=1\n${line}\n`, VARIABLE, LIVE), 'unchanged', line);
    }
  });

  it('fills an empty value without asking', () => {
    assert.strictEqual(dotenvUpsertEffect(`${VARIABLE}=\n`, VARIABLE, LIVE), 'filled');
    assert.strictEqual(dotenvUpsertEffect(`${VARIABLE}=""\n`, VARIABLE, LIVE), 'filled');
  });

  it('reports a different value, also in a later duplicate or a multi-line quoted value', () => {
    assert.strictEqual(dotenvUpsertEffect(`${VARIABLE}=${TEST}\n`, VARIABLE, LIVE), 'replaced');
    assert.strictEqual(dotenvUpsertEffect(`${VARIABLE}=${LIVE}\n${VARIABLE}=${TEST}\n`, VARIABLE, LIVE), 'replaced');
    assert.strictEqual(dotenvUpsertEffect(`${VARIABLE}="${LIVE}\nmore"\n`, VARIABLE, LIVE), 'replaced');
    assert.deepStrictEqual(dotenvValuesOf(`${VARIABLE}="a\\"b\\nc"\n`, VARIABLE), ['a"b\nc']);
  });
});
