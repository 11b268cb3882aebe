/** A body's text and the encoding it was read with (a WHATWG Encoding name: `utf-8`, `windows-1252`, `utf-16be`). */
export interface DecodedText {
  text: string;
  charset: string;
}

/**
 * Reads a body's bytes as text the way the WHATWG Encoding Standard's "decode" does for a
 * browser: a byte order mark wins (UTF-8, UTF-16LE, UTF-16BE) and is dropped; else the `charset`
 * of `Content-Type` (any label `TextDecoder` knows: `ISO-8859-1` and `us-ascii` read as
 * `windows-1252`, as browsers do, so 0x80 is `€`); else, for a JSON body, UTF-16 told by its zero
 * bytes (RFC 4627 §3); else UTF-8. An unknown charset falls back to UTF-8. Bytes that are not
 * valid in the encoding become U+FFFD. Never throws.
 *
 * @example
 * decodeCharset(Buffer.from([0x80, 0x31]), 'text/plain; charset=windows-1252') // { text: '€1', charset: 'windows-1252' }
 */
export function decodeCharset(bytes: Uint8Array, contentType: string | undefined): DecodedText {
  const label = bomEncoding(bytes) ?? charsetOf(contentType) ?? jsonUtf16(bytes, contentType) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  if (decoder.encoding === 'windows-1252') return { text: decodeWindows1252(bytes), charset: 'windows-1252' };
  return { text: decoder.decode(bytes), charset: decoder.encoding };
}

/**
 * WHATWG's windows-1252 (the encoding of every `latin1`, `ISO-8859-1` and `us-ascii` label).
 * Node 20's `TextDecoder` reads it as ISO-8859-1 (0x80 stays U+0080 instead of `€`; nodejs/node
 * issue 56542, fixed in later lines), so the 32 bytes where the two differ are mapped here.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return text.replace(/[\u0080-\u009f]/g, (ch) => WINDOWS_1252_HIGH[ch.charCodeAt(0) - 0x80] ?? ch);
}

// 0x80–0x9F in the WHATWG index-windows-1252; the five unassigned bytes map to their C1 controls.
const WINDOWS_1252_HIGH = [
  '\u20ac',
  '\u0081',
  '\u201a',
  '\u0192',
  '\u201e',
  '\u2026',
  '\u2020',
  '\u2021',
  '\u02c6',
  '\u2030',
  '\u0160',
  '\u2039',
  '\u0152',
  '\u008d',
  '\u017d',
  '\u008f',
  '\u0090',
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2022',
  '\u2013',
  '\u2014',
  '\u02dc',
  '\u2122',
  '\u0161',
  '\u203a',
  '\u0153',
  '\u009d',
  '\u017e',
  '\u0178',
];

/** The `charset` parameter of a media type (RFC 9110 §8.3.2), unquoted; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(contentType);
  const value = (match?.[1] ?? match?.[2] ?? '').trim();
  return value === '' ? undefined : value;
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** JSON text starts with an ASCII character, so UTF-16 shows a zero byte before (BE) or after (LE) it. */
function jsonUtf16(bytes: Uint8Array, contentType: string | undefined): string | undefined {
  if (bytes.length < 2 || !(contentType ?? '').toLowerCase().includes('json')) return undefined;
  if (bytes[0] === 0 && bytes[1] !== 0) return 'utf-16be';
  if (bytes[0] !== 0 && bytes[1] === 0) return 'utf-16le';
  return undefined;
}
