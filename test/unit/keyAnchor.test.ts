import * as assert from 'assert';
import { anchorKeys, relocateKeys } from '../../src/core/keyAnchor';
import { detectKeys } from '../../src/core/keyDetector';
import { liveKey, testKey } from '../support/testKeys';

const find = (text: string) => detectKeys(text).findings;

describe('anchorKeys / relocateKeys (a planned key is found again after the text changed)', () => {
  const [a, b] = [liveKey(), testKey()];
  const before = `x = "${a}"\ny = "${b}"\nz = "${a}"\n`;

  it('finds the same occurrence after text was inserted above it', () => {
    const all = find(before);
    const anchors = anchorKeys(all, [all[2]]);
    const after = `# a new line\n# and another\n${before}`;
    const [again] = relocateKeys(find(after), anchors)!;
    assert.strictEqual(after.slice(again.start, again.end), a);
    assert.strictEqual(again.start, after.lastIndexOf(a), 'the second occurrence of the same value, not the first');
  });

  it('finds every key of a whole-file plan', () => {
    const all = find(before);
    const again = relocateKeys(find(`\n\n${before}`), anchorKeys(all, all))!;
    assert.deepStrictEqual(again.map((f) => f.key), [a, b, a]);
  });

  it('gives up when a planned key is gone or its value occurs a different number of times', () => {
    const all = find(before);
    const anchors = anchorKeys(all, [all[1]]);
    assert.strictEqual(relocateKeys(find(before.replace(b, 'removed')), anchors), undefined);
    assert.strictEqual(relocateKeys(find(before.replace(b, b.slice(0, 20))), anchors), undefined, 'a key cut short is not the key');
    assert.strictEqual(relocateKeys(find(`${before}w = "${b}"\n`), anchors), undefined);
  });
});
