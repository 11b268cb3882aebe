import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng.js';
import { buildX12, createControlNumbers, parseX12, validateX12, type X12DelimiterSpec } from '../../src/edi/index.js';
import { FIXTURES_DIR, specFor } from './sample-specs.js';

const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES_DIR), 'utf8');
const build850 = (delimiters: X12DelimiterSpec = {}): string =>
  buildX12(specFor('850', { delimiters }), {
    controlNumbers: createControlNumbers({ interchange: 5, group: 5, set: 5 }),
  });
const ids = (text: string): string[] =>
  parseX12(text).interchanges.flatMap((i) =>
    i.groups.flatMap((g) => g.sets.flatMap((s) => s.segments.map((x) => x.elements.join('|')))),
  );

const reference = ids(build850());

describe('parseX12 reads delimiters from every ISA', () => {
  const variants: Array<[string, X12DelimiterSpec, string]> = [
    ['"|" as terminator', { segment: '|', lineBreak: '' }, '|'],
    ['"…" (U+2026) as terminator', { segment: '\u2026', lineBreak: '' }, '\u2026'],
    ['0x15 as terminator', { segment: '\u0015', lineBreak: '' }, '\u0015'],
    ['newline as the only terminator', { segment: '\n', lineBreak: '' }, '\n'],
    ['CR as terminator with LF after it', { segment: '\r', lineBreak: '\n' }, '\r'],
    ['"~" as element separator', { element: '~', segment: '\n', lineBreak: '' }, '\n'],
    ['"~" terminator followed by CRLF', { lineBreak: '\r\n' }, '~'],
  ];
  for (const [name, delimiters, terminator] of variants) {
    it(`reads ${name} to the same segments`, () => {
      const text = build850(delimiters);
      const parsed = parseX12(text);
      assert.deepEqual(parsed.diagnostics, []);
      assert.equal(parsed.interchanges[0]!.delimiters.segment, terminator);
      assert.deepEqual(ids(text), reference);
    });
  }

  it('detects the component separator by counting 16 element separators, not by offset', () => {
    // ISA06 is 5 wide instead of 15: the component separator is not at offset 104.
    const text = build850().replace('*BUYER          *', '*BUYER*');
    const parsed = parseX12(text);
    assert.equal(parsed.interchanges[0]!.delimiters.component, '>');
    assert.equal(parsed.interchanges[0]!.groups[0]!.sets[0]!.id, '850');
    const widths = validateX12(text).problems.filter((p) => p.code === 'EDI_ISA_FIELD');
    assert.equal(widths.length, 1);
    assert.match(widths[0]!.message, /ISA06 .* 5 characters wide/);
  });

  it('skips a UTF-8 BOM and CRLF line breaks, keeping positions in the original file', () => {
    const parsed = parseX12(fixture('850-bom-crlf.edi'), { file: '850-bom-crlf.edi' });
    assert.deepEqual(parsed.diagnostics, []);
    const interchange = parsed.interchanges[0]!;
    assert.equal(interchange.delimiters.suffix, '\r\n');
    assert.deepEqual(interchange.header.position, { line: 1, column: 1, offset: 1 });
    const beg = interchange.groups[0]!.sets[0]!.segments[1]!;
    assert.equal(beg.id, 'BEG');
    assert.equal(beg.position.line, 4);
    assert.equal(beg.position.column, 1);
    assert.equal(interchange.file, '850-bom-crlf.edi');
  });

  it('rejoins a file hard-wrapped at 80 columns and maps positions back to its lines', () => {
    const text = fixture('850-wrapped-80.edi');
    assert.ok(
      text
        .split('\r\n')
        .slice(0, -2)
        .every((line) => line.length === 80),
    );
    const parsed = parseX12(text);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(
      ids(text),
      reference.map((s) => s.replace('0005', '0102')),
    );
    const gs = parsed.interchanges[0]!.groups[0]!.header;
    // "GS" starts after the ISA (105 characters and its terminator): offset 106 → line 2, column 27.
    assert.deepEqual({ line: gs.position.line, column: gs.position.column }, { line: 2, column: 27 });
    assert.equal(text.slice(gs.position.offset, gs.position.offset + 2), 'GS');
  });

  it('tolerates indentation and blank lines between segments', () => {
    const text = build850().replace(/\n/g, '\n    \n   ');
    assert.deepEqual(ids(text), reference);
    assert.equal(parseX12(text).diagnostics.length, 0);
  });

  it('reads two interchanges with different delimiters and a trailing ^Z', () => {
    const parsed = parseX12(fixture('two-interchanges-mixed-delimiters.edi'));
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.interchanges.length, 2);
    const [first, second] = parsed.interchanges;
    assert.deepEqual(
      [first!.delimiters.element, first!.delimiters.component, first!.delimiters.segment],
      ['*', '>', '~'],
    );
    assert.deepEqual(
      [second!.delimiters.element, second!.delimiters.component, second!.delimiters.segment],
      ['|', '^', '!'],
    );
    assert.equal(first!.groups[0]!.sets[0]!.id, '850');
    assert.equal(second!.groups[0]!.sets[0]!.id, '856');
    assert.equal(second!.groups[0]!.sets[0]!.segments[1]!.elements[2], 'SHIP-1');
    assert.equal(validateX12(fixture('two-interchanges-mixed-delimiters.edi')).valid, true);
  });

  it('reads a TA1-only interchange', () => {
    const parsed = parseX12(fixture('ta1-only.edi'));
    assert.deepEqual(parsed.diagnostics, []);
    const interchange = parsed.interchanges[0]!;
    assert.equal(interchange.groups.length, 0);
    assert.deepEqual(
      interchange.ta1s.map((s) => s.elements),
      [['TA1', '000000041', '261122', '1200', 'A', '000']],
    );
    assert.equal(validateX12(fixture('ta1-only.edi')).valid, true);
  });

  it('keeps ISB/ISE service segments at interchange level', () => {
    const parsed = parseX12(fixture('isb-ise-service.edi'));
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(
      parsed.interchanges[0]!.serviceSegments.map((s) => s.id),
      ['ISB', 'ISE'],
    );
    assert.equal(parsed.interchanges[0]!.groups[0]!.sets[0]!.id, '997');
  });

  it('takes the repetition separator from ISA11 from version 00402 on only', () => {
    const v401 = parseX12(build850()).interchanges[0]!;
    assert.equal(v401.delimiters.repetition, undefined);
    assert.equal(v401.standardsOrRepetition, 'U');
    const v501 = parseX12(buildX12(specFor('850', { version: '00501' }))).interchanges[0]!;
    assert.equal(v501.delimiters.repetition, '^');
  });

  it('reports garbage as EDI_NOT_X12 without throwing', () => {
    for (const input of ['', '   \n', 'hello world', 'ISA', 'ISAx*00*', '{"json":true}', 'ISA*00*short~']) {
      const parsed = parseX12(input);
      assert.equal(parsed.interchanges.length, 0, input);
      assert.equal(parsed.diagnostics[0]?.code, 'EDI_NOT_X12', input);
    }
  });

  it('says why an ISA could not be read', () => {
    const text = build850({ lineBreak: '' }).replace('*T*>~', '*T*~');
    const [problem] = parseX12(text).diagnostics;
    assert.equal(problem?.code, 'EDI_NOT_X12');
    assert.match(problem!.message, /ISA16 is followed by "G", not by a segment terminator/);
    const short = parseX12('junk\nISA*00*short~').diagnostics[0]!;
    assert.match(short.message, /only 2 of its 16 element separators/);
    assert.deepEqual([short.line, short.column], [2, 1]);
  });

  it('reports data before the first ISA and after the last IEA', () => {
    const parsed = parseX12(`From: partner\n${build850()}junk at the end`);
    assert.equal(parsed.interchanges.length, 1);
    assert.deepEqual(
      parsed.diagnostics.map((d) => [d.code, d.line]),
      [
        ['EDI_LEADING_DATA', 1],
        // 1 line of mail header + 16 segments, then the junk.
        ['EDI_TRAILING_DATA', 18],
      ],
    );
  });

  it('reports missing trailers where the envelope breaks off', () => {
    const text = build850().split('\n').slice(0, 8).join('\n');
    const parsed = parseX12(text, { file: 'cut.edi' });
    assert.deepEqual(
      parsed.diagnostics.map((d) => d.code),
      ['EDI_SE_MISSING', 'EDI_GE_MISSING', 'EDI_IEA_MISSING'],
    );
    assert.equal(parsed.interchanges[0]!.groups[0]!.sets[0]!.segments.length, 6);
    assert.ok(parsed.diagnostics.every((d) => d.file === 'cut.edi' && d.line !== undefined));
  });

  it('never throws on random or truncated input', () => {
    const rng = createRng('edi-parse-fuzz');
    const base = build850();
    const alphabet = 'ISAGSTE*~>|^\n\r 0123456789AZ\u2026\u0015\uFEFF\u001a';
    for (let n = 0; n < 300; n++) {
      let text = '';
      const length = rng.int(0, 200);
      for (let i = 0; i < length; i++) text += alphabet[rng.int(0, alphabet.length - 1)];
      if (n % 3 === 0) text = base.slice(0, rng.int(0, base.length)) + text;
      const parsed = parseX12(text);
      assert.ok(Array.isArray(parsed.interchanges) && Array.isArray(parsed.diagnostics));
      validateX12(text);
    }
  });
});
