import { isUtf8 } from 'node:buffer';
import type { Diagnostic } from './diagnostic.js';
import { lineStarts, offsetPosition } from './line-index.js';
import { characterName, unusualCharacters } from './unicode-characters.js';

/** The text of a user file, or why it has none. */
export interface DecodedText {
  /** The text without its UTF-8 byte order mark; undefined when the file cannot be read as text. */
  text: string | undefined;
  diagnostics: Diagnostic[];
}

const BOMS: ReadonlyArray<[number[], string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 (big-endian)'],
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 (little-endian)'],
  [[0xfe, 0xff], 'UTF-16 (big-endian)'],
  [[0xff, 0xfe], 'UTF-16 (little-endian)'],
];

// Windows-1252 for 0x80-0x9F (where it differs from Latin-1); '' where it defines nothing.
const WINDOWS_1252 = [...'€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ'].map((c) =>
  c === '\u0000' ? '' : c,
);

const SAVE_AS_UTF8 =
  'Save the file as UTF-8 (VS Code: click the encoding in the status bar, "Save with Encoding", "UTF-8").';

/**
 * Decodes a user file's bytes as UTF-8, the only encoding YAML and JSON files may use here
 * (YAML 1.2 §5.2 allows UTF-16/32 too, but every editor and diff tool in a pipeline assumes
 * UTF-8). A UTF-8 byte order mark is dropped, so columns count as an editor shows them.
 * Refused, each with the line:col of the first offender:
 * - `REHEARSE_FILE_ENCODING`: a UTF-16/UTF-32 byte order mark, or a byte sequence that is not
 *   UTF-8 (the message says what the byte would be in Windows-1252, the usual culprit);
 * - `REHEARSE_TEXT_CONTROL_CHARACTER`: C0/C1 control characters other than TAB, LF, CR
 *   (NUL included): YAML 1.2 §5.1 and JSON (RFC 8259 §7) do not allow them raw;
 * - `REHEARSE_TEXT_BIDI_CONTROL`: bidirectional controls, which make a file read differently
 *   than it parses (Trojan Source, CVE-2021-42574);
 * - `REHEARSE_TEXT_INVISIBLE_CHARACTER`: invisible format characters (zero-width space, a byte
 *   order mark past the start, word joiner …), except the zero-width joiner of emoji.
 * Each kind is reported once per file, with how many more there are.
 */
export function decodeUserText(file: string, bytes: Uint8Array): DecodedText {
  for (const [bom, encoding] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) {
      return refuse({
        code: 'REHEARSE_FILE_ENCODING',
        message: `Failed to read the file: it is encoded as ${encoding} (it starts with that byte order mark).`,
        file,
        line: 1,
        column: 1,
        expected: 'UTF-8',
        hint: SAVE_AS_UTF8,
      });
    }
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  if (!isUtf8(body)) {
    const offset = firstInvalidUtf8(body);
    const byte = body[offset]!;
    const { line, column } = bytePosition(body, offset);
    const latin = byte >= 0xa0 ? String.fromCharCode(byte) : byte >= 0x80 ? WINDOWS_1252[byte - 0x80] : undefined;
    return refuse({
      code: 'REHEARSE_FILE_ENCODING',
      message: `Failed to read the file: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at line ${line}, column ${column} is not UTF-8${latin ? ` (in Windows-1252 it would be "${latin}", so the file is probably saved in that encoding)` : ''}.`,
      file,
      line,
      column,
      expected: 'UTF-8',
      hint: SAVE_AS_UTF8,
    });
  }
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const diagnostics = checkCharacters(file, text);
  return { text: diagnostics.length ? undefined : text, diagnostics };
}

function refuse(diagnostic: Diagnostic): DecodedText {
  return { text: undefined, diagnostics: [diagnostic] };
}

const KINDS = {
  control: {
    code: 'REHEARSE_TEXT_CONTROL_CHARACTER',
    what: 'a control character',
    hint: 'Delete it; if a value needs it, write it as an escape in a double-quoted string ("\\u0000"). A file full of them is probably not text, or is UTF-16 without a byte order mark.',
  },
  bidi: {
    code: 'REHEARSE_TEXT_BIDI_CONTROL',
    what: 'a bidirectional control, which makes the text read differently than it parses',
    hint: 'Delete it; if a value needs it, write it as an escape in a double-quoted string ("\\u202E").',
  },
  invisible: {
    code: 'REHEARSE_TEXT_INVISIBLE_CHARACTER',
    what: 'an invisible character',
    hint: 'Delete it (it often comes from copying text out of a web page or a chat); if a value needs it, write it as an escape in a double-quoted string ("\\u200B").',
  },
} as const;

/** One diagnostic per kind of forbidden character: the first one, and how many follow. */
function checkCharacters(file: string, text: string): Diagnostic[] {
  const first = new Map<keyof typeof KINDS, { index: number; codePoint: number }>();
  const counts = new Map<keyof typeof KINDS, number>();
  for (const c of unusualCharacters(text)) {
    if (c.kind !== 'control' && c.kind !== 'bidi' && c.kind !== 'invisible') continue;
    // The zero-width joiner holds emoji sequences together (👩‍💻); it is named when it sits in a name.
    if (c.codePoint === 0x200d) continue;
    if (!first.has(c.kind)) first.set(c.kind, c);
    counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  }
  if (first.size === 0) return [];
  const lines = lineStarts(text);
  return [...first].map(([kind, c]) => {
    const { line, column } = offsetPosition(lines, c.index);
    const more = counts.get(kind)! - 1;
    return {
      code: KINDS[kind].code,
      message: `Found ${characterName(c.codePoint)}, ${KINDS[kind].what}, at line ${line}, column ${column}${more ? ` (and ${more.toLocaleString('en-US')} more in this file)` : ''}.`,
      file,
      line,
      column,
      hint: KINDS[kind].hint,
    };
  });
}

/** Line and column of a byte offset, the column counted in characters as an editor shows them. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8');
  return { line, column: before.length + 1 };
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629 §4). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return i;
}
