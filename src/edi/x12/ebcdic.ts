/**
 * EBCDIC code page 037 (IBM US/Canada), the code page X12 travels in from IBM mainframes and
 * AS/400s. Our own table because Node's TextDecoder supports no EBCDIC code page and no
 * well-kept npm decoder has one (iconv-lite lists none); the 256 entries are IBM's CP037 as
 * Python's `cp037` codec decodes them, checked byte for byte by test/edi/ebcdic-input.test.ts —
 * but for 0x15 (NL, the mainframe line end), read as a line feed as z/OS's own EBCDIC–ASCII
 * conversion does, so a file written one segment a line reads as one.
 */
const CP037 =
  '\u0000\u0001\u0002\u0003\u009c\u0009\u0086\u007f\u0097\u008d\u008e\u000b\u000c\u000d\u000e\u000f' + // 0x00
  '\u0010\u0011\u0012\u0013\u009d\u000a\u0008\u0087\u0018\u0019\u0092\u008f\u001c\u001d\u001e\u001f' + // 0x10
  '\u0080\u0081\u0082\u0083\u0084\u000a\u0017\u001b\u0088\u0089\u008a\u008b\u008c\u0005\u0006\u0007' + // 0x20
  '\u0090\u0091\u0016\u0093\u0094\u0095\u0096\u0004\u0098\u0099\u009a\u009b\u0014\u0015\u009e\u001a' + // 0x30
  ' \u00a0\u00e2\u00e4\u00e0\u00e1\u00e3\u00e5\u00e7\u00f1\u00a2.<(+|' + // 0x40
  '&\u00e9\u00ea\u00eb\u00e8\u00ed\u00ee\u00ef\u00ec\u00df!$*);\u00ac' + // 0x50
  '-/\u00c2\u00c4\u00c0\u00c1\u00c3\u00c5\u00c7\u00d1\u00a6,%_>?' + // 0x60
  '\u00f8\u00c9\u00ca\u00cb\u00c8\u00cd\u00ce\u00cf\u00cc`:#@\u0027="' + // 0x70
  '\u00d8abcdefghi\u00ab\u00bb\u00f0\u00fd\u00fe\u00b1' + // 0x80
  '\u00b0jklmnopqr\u00aa\u00ba\u00e6\u00b8\u00c6\u00a4' + // 0x90
  '\u00b5~stuvwxyz\u00a1\u00bf\u00d0\u00dd\u00de\u00ae' + // 0xA0
  '^\u00a3\u00a5\u00b7\u00a9\u00a7\u00b6\u00bc\u00bd\u00be[]\u00af\u00a8\u00b4\u00d7' + // 0xB0
  '{ABCDEFGHI\u00ad\u00f4\u00f6\u00f2\u00f3\u00f5' + // 0xC0
  '}JKLMNOPQR\u00b9\u00fb\u00fc\u00f9\u00fa\u00ff' + // 0xD0
  '\u005c\u00f7STUVWXYZ\u00b2\u00d4\u00d6\u00d2\u00d3\u00d5' + // 0xE0
  '0123456789\u00b3\u00db\u00dc\u00d9\u00da\u009f'; // 0xF0

/** EBCDIC "ISA" (0xC9 0xE2 0xC1), possibly after EBCDIC blanks, newlines or a NUL. */
const EBCDIC_BLANKS = new Set([0x00, 0x05, 0x0d, 0x15, 0x25, 0x40]);

/**
 * Whether the bytes are X12 written in EBCDIC: the first non-blank bytes are "ISA" in
 * code page 037. ASCII/UTF-8 X12 starts with 0x49 0x53 0x41 instead.
 *
 * @example
 * isEbcdicX12(Buffer.from([0xc9, 0xe2, 0xc1, 0x5c])); // true
 */
export function isEbcdicX12(bytes: Uint8Array): boolean {
  let at = 0;
  while (at < bytes.length && at < 64 && EBCDIC_BLANKS.has(bytes[at]!)) at++;
  return bytes[at] === 0xc9 && bytes[at + 1] === 0xe2 && bytes[at + 2] === 0xc1;
}

/**
 * Decodes EBCDIC code page 037 bytes to text, one character per byte (so offsets in the
 * text are byte offsets in the file).
 *
 * @example
 * decodeEbcdic037(Buffer.from([0xc9, 0xe2, 0xc1])); // 'ISA'
 */
export function decodeEbcdic037(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += CP037[bytes[i]!]!;
  return out;
}
