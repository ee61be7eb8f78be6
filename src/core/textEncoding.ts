// Reading and writing small text files (.env, .gitignore, .env.example) without re-encoding them:
// the bytes tell the encoding, and writing back uses the same one with the same byte order mark.

/** How a text file's bytes map to text. `bytes` keeps every byte of a file that is not UTF-8 as is. */
export type TextEncodingName = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'bytes';

export type DecodedText = { ok: true; text: string; encoding: TextEncodingName } | { ok: false; reason: string };

/**
 * Decodes a text file. UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded; any other
 * byte sequence without NUL bytes is read one byte per character (Latin-1, Windows-1252 and other
 * ASCII-compatible single-byte encodings), so writing it back keeps every byte the file had. Files
 * that look like UTF-16 without a BOM, or UTF-32, are refused: there is no safe way to add a line.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff]) || startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    return { ok: false, reason: 'it is encoded as UTF-32' };
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const text = strictUtf8(bytes.subarray(3));
    return text === undefined ? { ok: false, reason: 'it starts with a UTF-8 byte order mark but is not valid UTF-8' } : { ok: true, text, encoding: 'utf8bom' };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const littleEndian = bytes[0] === 0xff;
    if (bytes.length % 2 !== 0) return { ok: false, reason: 'it has a UTF-16 byte order mark but an odd number of bytes' };
    return { ok: true, text: utf16(bytes.subarray(2), littleEndian), encoding: littleEndian ? 'utf16le' : 'utf16be' };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'it holds NUL bytes (UTF-16 without a byte order mark, or not a text file)' };
  const text = strictUtf8(bytes);
  if (text !== undefined) return { ok: true, text, encoding: 'utf8' };
  let latin = '';
  for (const byte of bytes) latin += String.fromCharCode(byte);
  return { ok: true, text: latin, encoding: 'bytes' };
}

/** Encodes text the way `decodeText` found it; undefined when the text cannot be written in that encoding. */
export function encodeText(text: string, encoding: TextEncodingName): Uint8Array | undefined {
  switch (encoding) {
    case 'utf8':
      return new TextEncoder().encode(text);
    case 'utf8bom':
      return concat([0xef, 0xbb, 0xbf], new TextEncoder().encode(text));
    case 'utf16le':
    case 'utf16be': {
      const out = new Uint8Array(2 + text.length * 2);
      out.set(encoding === 'utf16le' ? [0xff, 0xfe] : [0xfe, 0xff]);
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        const [first, second] = encoding === 'utf16le' ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
        out[2 + i * 2] = first;
        out[3 + i * 2] = second;
      }
      return out;
    }
    case 'bytes': {
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code > 0xff) return undefined;
        out[i] = code;
      }
      return out;
    }
  }
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  let text = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    text += String.fromCharCode(littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  }
  return text;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function concat(prefix: readonly number[], rest: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + rest.length);
  out.set(prefix);
  out.set(rest, prefix.length);
  return out;
}
