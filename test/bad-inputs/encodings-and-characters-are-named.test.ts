// Bytes that are not UTF-8, encodings other than UTF-8, and characters a reader cannot see or
// tell apart are named with their Unicode name and position; output stays bounded and safe
// for a terminal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeUserText } from '../../src/core/decode-user-text.js';
import {
  characterName,
  codeFrame,
  didYouMean,
  formatDiagnostics,
  suggestionHint,
  type Diagnostic,
} from '../../src/index.js';

const decode = (bytes: Buffer) => {
  const r = decodeUserText('f.yaml', bytes);
  const d = r.diagnostics[0];
  return { text: r.text, code: d?.code, at: d ? `${d.line}:${d.column}` : undefined, message: d?.message ?? '' };
};

describe('encodings', () => {
  test('Latin-1 is refused at the first bad byte, with what it would be in Windows-1252', () => {
    const r = decode(Buffer.from('name: x\ntitle: Cr\xe9er\n', 'latin1'));
    assert.equal(r.code, 'REHEARSE_FILE_ENCODING');
    assert.equal(r.at, '2:10');
    assert.match(r.message, /byte 0xE9 .* "é"/);
  });

  test('columns of a bad byte count characters, not bytes, before it on its line', () => {
    const r = decode(Buffer.concat([Buffer.from('title: ééé '), Buffer.from([0xff])]));
    assert.equal(r.at, '1:12');
  });

  test('overlong forms and encoded surrogates are not UTF-8', () => {
    assert.equal(decode(Buffer.from([0x61, 0xc0, 0xaf])).at, '1:2');
    assert.equal(decode(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80])).at, '1:3');
  });

  for (const [bom, name] of [
    [[0xff, 0xfe], 'UTF-16 (little-endian)'],
    [[0xfe, 0xff], 'UTF-16 (big-endian)'],
    [[0xff, 0xfe, 0, 0], 'UTF-32 (little-endian)'],
  ] as const)
    test(`a ${name} byte order mark is named`, () => {
      const r = decode(Buffer.from([...bom, 0x61, 0]));
      assert.equal(r.code, 'REHEARSE_FILE_ENCODING');
      assert.ok(r.message.includes(name), r.message);
    });

  test('a UTF-8 byte order mark is dropped, so columns do not move', () => {
    assert.equal(decode(Buffer.from('\ufeffname: x\n')).text, 'name: x\n');
  });

  test('NUL, ESC, bidirectional controls and invisible characters are named once per kind, with a count', () => {
    const r = decodeUserText('f.yaml', Buffer.from('a: 1\u0000\u0000\nb: \u202e\nc: x\u200by\n# \u200d is fine\n'));
    assert.equal(r.text, undefined);
    const byCode = new Map(r.diagnostics.map((d) => [d.code, d]));
    assert.match(byCode.get('REHEARSE_TEXT_CONTROL_CHARACTER')!.message, /U\+0000 NULL.*line 1, column 5 \(and 1 more/);
    assert.match(byCode.get('REHEARSE_TEXT_BIDI_CONTROL')!.message, /U\+202E RIGHT-TO-LEFT OVERRIDE/);
    assert.match(
      byCode.get('REHEARSE_TEXT_INVISIBLE_CHARACTER')!.message,
      /U\+200B ZERO WIDTH SPACE.*line 3, column 5/,
    );
    assert.equal(r.diagnostics.length, 3, 'the zero-width joiner of emoji is allowed');
  });
});

describe('names of characters', () => {
  test('names come from the Unicode Character Database', () => {
    assert.equal(characterName(0x435), 'U+0435 CYRILLIC SMALL LETTER IE');
    assert.equal(characterName(0x200b), 'U+200B ZERO WIDTH SPACE');
    assert.equal(characterName(0xa0), 'U+00A0 NO-BREAK SPACE');
  });

  test('did-you-mean finds the name a look-alike stands for, and says which character differs', () => {
    assert.equal(
      didYouMean('\u043e\u0440\u0435n', ['open', 'close']),
      'open',
      'three Cyrillic letters are more than a typo',
    );
    const hint = suggestionHint('st\u0430ndard', ['standard', 'regulated'], 'tenant profile');
    assert.match(hint, /Did you mean "standard"\?/);
    assert.match(hint, /U\+0430 CYRILLIC SMALL LETTER A \(looks like "a"\) as character 3/);
  });

  test('a suggestion holding an invisible character is shown escaped', () => {
    assert.match(suggestionHint('standard', ['stand\u200bard'], 'tenant profile'), /"stand\\u\{200B\}ard"/);
  });
});

describe('bounded output', () => {
  const many = (n: number, file = 'a.yaml'): Diagnostic[] =>
    Array.from({ length: n }, (_, i) => ({
      code: 'REHEARSE_X',
      message: `problem ${i}`,
      file,
      line: i + 1,
      column: 1,
    }));

  test('50 problems in full, 10 per kind and file, the rest counted by kind with positions', () => {
    const text = formatDiagnostics([...many(20_000), ...many(30, 'b.yaml')]);
    assert.equal(text.match(/ error REHEARSE_X$/gm)?.length, 20);
    assert.match(text, /… and 20,010 more problem\(s\) not shown:\n {2}19,990 REHEARSE_X in a\.yaml \(at 11:1, 12:1/);
    assert.match(text, /20,030 error\(s\)\n$/);
  });

  test('frames of thousands of problems split the file once (linear, not quadratic)', () => {
    const source = 'k: 1\n'.repeat(200_000);
    const text = formatDiagnostics(many(50), { sources: new Map([['a.yaml', source]]), maxPerKind: 50 });
    assert.equal(text.match(/^\s+> /gm)?.length, 50);
  });

  test('a megabyte line is cut to a window around the column', () => {
    const line = `${'a'.repeat(500_000)}X${'b'.repeat(500_000)}`;
    const frame = codeFrame(line, 1, 500_001);
    assert.ok(frame.length < 400, `${frame.length} characters`);
    const [shown, caret] = frame.split('\n');
    assert.equal(shown!.indexOf('X'), caret!.indexOf('^'), 'the caret stays under the column');
  });

  test('control and bidirectional characters never reach the terminal raw', () => {
    const text = formatDiagnostics(
      [{ code: 'REHEARSE_X', message: 'bad \u001b[2J \u202e', file: 'a.yaml', line: 1, column: 3 }],
      { sources: new Map([['a.yaml', 'a:\u001b[2J \u202e\n']]) },
    );
    assert.ok(!text.includes('\u001b') && !text.includes('\u202e'), text);
    assert.match(text, /\\u\{001B\}/);
  });

  test('a name holding a look-alike gets its character named with the column', () => {
    const text = formatDiagnostics(
      [{ code: 'REHEARSE_UNKNOWN_ACTION', message: 'Unknown action.', file: 's.yaml', line: 1, column: 9 }],
      { sources: new Map([['s.yaml', '  - do: \u043erder.create\n']]) },
    );
    assert.match(text, /U\+043E CYRILLIC SMALL LETTER O \(looks like "o"\) at column 9/);
  });
});
