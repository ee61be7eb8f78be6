import * as assert from 'assert';
import { decodeText, encodeText } from '../../src/core/textEncoding';
import { upsertDotenvVariable } from '../../src/core/dotenvFix';
import { liveKey } from '../support/testKeys';

const bytes = (...parts: Array<number[] | Buffer>): Uint8Array => Buffer.concat(parts.map((p) => Buffer.from(p as Buffer)));

describe('decodeText / encodeText keep a file\'s encoding and byte order mark', () => {
  const text = 'NAME=Zoë\r\nCITY=Kraków\n';
  const cases: Array<[string, Uint8Array, string]> = [
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf8'],
    ['UTF-8 with BOM', bytes([0xef, 0xbb, 0xbf], Buffer.from(text, 'utf8')), 'utf8bom'],
    ['UTF-16LE with BOM', bytes([0xff, 0xfe], Buffer.from(text, 'utf16le')), 'utf16le'],
    ['UTF-16BE with BOM', bytes([0xfe, 0xff], Buffer.from(text, 'utf16le').swap16()), 'utf16be'],
  ];
  for (const [name, input, encoding] of cases) {
    it(`${name}: decodes, and an added line is written back in the same encoding`, () => {
      const decoded = decodeText(input);
      assert.ok(decoded.ok);
      assert.strictEqual(decoded.text, text);
      assert.strictEqual(decoded.encoding, encoding);
      assert.deepStrictEqual(Buffer.from(encodeText(decoded.text, decoded.encoding)!), Buffer.from(input), 'round trip is byte-exact');
      const key = liveKey();
      const updated = encodeText(upsertDotenvVariable(decoded.text, 'INFINIPOST_API_KEY', key), decoded.encoding)!;
      const again = decodeText(updated);
      assert.ok(again.ok);
      assert.strictEqual(again.encoding, encoding);
      assert.strictEqual(again.text, `${text}INFINIPOST_API_KEY=${key}\r\n`);
    });
  }

  it('Latin-1 (not valid UTF-8): keeps every byte, and the added ASCII line is plain bytes', () => {
    const latin1 = Buffer.from('NAME=Zo\xeb\nGREETING=Gr\xfc\xdfe\n', 'latin1');
    const decoded = decodeText(latin1);
    assert.ok(decoded.ok);
    assert.strictEqual(decoded.encoding, 'bytes');
    const key = liveKey();
    const written = Buffer.from(encodeText(upsertDotenvVariable(decoded.text, 'INFINIPOST_API_KEY', key), decoded.encoding)!);
    assert.deepStrictEqual(written, Buffer.concat([latin1, Buffer.from(`INFINIPOST_API_KEY=${key}\n`, 'latin1')]));
  });

  it('an empty file is UTF-8', () => {
    assert.deepStrictEqual(decodeText(new Uint8Array()), { ok: true, text: '', encoding: 'utf8' });
  });

  it('refuses UTF-16 without a BOM, UTF-32 and a broken UTF-8 BOM file', () => {
    for (const input of [
      Buffer.from('A=1\n', 'utf16le'),
      bytes([0xff, 0xfe, 0, 0], Buffer.from([0x41, 0, 0, 0])),
      bytes([0xef, 0xbb, 0xbf, 0xff, 0x41]),
      bytes([0xff, 0xfe, 0x41]),
    ]) {
      const decoded = decodeText(input);
      assert.strictEqual(decoded.ok, false, Buffer.from(input).toString('hex'));
    }
  });

  it('will not write a character a byte-preserved file cannot hold', () => {
    assert.strictEqual(encodeText('€', 'bytes'), undefined);
  });
});
