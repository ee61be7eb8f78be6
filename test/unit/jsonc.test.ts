import * as assert from 'assert';
import { parseJsonc, settingKeys } from '../../src/core/jsonc';

describe('parseJsonc', () => {
  it('reads settings.json with comments and trailing commas', () => {
    const text = '{\n  // where keys go\n  "infinipost.apiBaseUrl": "https://x.example", /* inline */\n  "a": ["//not a comment", "/* nor this */",],\n}\n';
    assert.deepStrictEqual(parseJsonc(text), { 'infinipost.apiBaseUrl': 'https://x.example', a: ['//not a comment', '/* nor this */'] });
  });
  it('keeps escaped quotes inside strings', () => {
    assert.deepStrictEqual(parseJsonc('{"a": "say \\"hi\\" // there"}'), { a: 'say "hi" // there' });
  });
  it('returns undefined for text that is not JSON', () => {
    assert.strictEqual(parseJsonc('{ not json'), undefined);
  });
});

describe('settingKeys', () => {
  it('finds flat and nested keys of a section', () => {
    assert.deepStrictEqual(settingKeys({ 'infinipost.apiBaseUrl': 1, infinipost: { environmentVariable: 'X' }, other: 2 }, 'infinipost').sort(), [
      'apiBaseUrl',
      'environmentVariable',
    ]);
    assert.deepStrictEqual(settingKeys(undefined, 'infinipost'), []);
    assert.deepStrictEqual(settingKeys([1], 'infinipost'), []);
  });
});
