import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildX12, createControlNumbers, validateX12, type X12SegmentSpec } from '../../src/edi/index.js';
import { SET_SEGMENTS, specFor } from './sample-specs.js';

/** Builds one set with `edit` applied to the sample segments and returns its problems as "CODE@line:column". */
function problemsOf(setId: string, edit: (segments: X12SegmentSpec[]) => X12SegmentSpec[]): string[] {
  const segments = edit(structuredClone(SET_SEGMENTS[setId]!));
  const text = buildX12(specFor(setId, { sets: [{ id: setId, segments }] }), {
    controlNumbers: createControlNumbers(),
  });
  return validateX12(text).problems.map((p) => `${p.code}@${p.line}:${p.column}`);
}
const replaceAt = (index: number, segment: X12SegmentSpec) => (s: X12SegmentSpec[]) =>
  s.map((x, i) => (i === index ? segment : x));

// Lines: ISA 1, GS 2, ST 3, so segment i of the set body is on line 4 + i.
describe('transaction set content', () => {
  it('reports a missing mandatory segment (BEG) where it was expected', () => {
    assert.deepEqual(
      problemsOf('850', (s) => s.slice(1)),
      ['EDI_SEGMENT_MISSING@4:1'],
    );
  });

  it('reports a segment out of order', () => {
    // BEG after REF: BEG is known to the 850 but not allowed there.
    const swapped = problemsOf('850', (s) => [s[1]!, s[0]!, ...s.slice(2)]);
    assert.deepEqual(swapped, ['EDI_SEGMENT_MISSING@4:1', 'EDI_SEGMENT_OUT_OF_ORDER@5:1']);
  });

  it('warns about segments outside the definition instead of failing', () => {
    const result = validateX12(
      buildX12(
        specFor('850', {
          sets: [
            {
              id: '850',
              segments: [...SET_SEGMENTS['850']!.slice(0, 2), ['ZZZ', '1'], ...SET_SEGMENTS['850']!.slice(2)],
            },
          ],
        }),
      ),
    );
    assert.equal(result.valid, true);
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity]),
      [['EDI_SEGMENT_NOT_IN_SET', 'warning']],
    );
  });

  it('reports a segment used more often than allowed', () => {
    assert.deepEqual(
      problemsOf('850', (s) => [s[0]!, s[0]!, ...s.slice(1)]),
      ['EDI_SEGMENT_TOO_MANY@5:1'],
    );
  });

  it('checks data types, lengths and code lists of elements', () => {
    assert.deepEqual(problemsOf('850', replaceAt(0, ['BEG', '99', 'SA', 'PO-1', '', '20260230'])), [
      'EDI_ELEMENT_INVALID_CODE@4:5',
      'EDI_ELEMENT_INVALID_DATE@4:17',
    ]);
    assert.deepEqual(problemsOf('850', replaceAt(0, ['BEG', '00', 'XX', 'PO-1', '', '20261122'])), [
      'EDI_ELEMENT_INVALID_CODE@4:8',
    ]);
    assert.deepEqual(problemsOf('850', replaceAt(6, ['PO1', '1', 'ten', 'EA', '9.50'])), [
      'EDI_ELEMENT_INVALID_CHARACTER@10:7',
    ]);
    assert.deepEqual(problemsOf('850', replaceAt(6, ['PO1', '1', '10', 'EACH', '9.50'])), [
      'EDI_ELEMENT_TOO_LONG@10:10',
    ]);
    assert.deepEqual(problemsOf('856', replaceAt(0, ['BSN', '00', 'S', '20261122', '2561'])), [
      'EDI_ELEMENT_TOO_SHORT@4:8',
      'EDI_ELEMENT_INVALID_TIME@4:19',
    ]);
    assert.deepEqual(problemsOf('855', replaceAt(0, ['BAK', '00', 'ZZZ', 'PO-1', '20261122'])), [
      'EDI_ELEMENT_TOO_LONG@4:8',
    ]);
    assert.deepEqual(problemsOf('855', replaceAt(0, ['BAK', '00', 'XY', 'PO-1', '20261122'])), [
      'EDI_ELEMENT_INVALID_CODE@4:8',
    ]);
    assert.deepEqual(problemsOf('810', replaceAt(4, ['TDS', '195.00'])), ['EDI_ELEMENT_INVALID_CHARACTER@8:5']);
  });

  it('reports mandatory elements left empty and too many elements', () => {
    assert.deepEqual(problemsOf('850', replaceAt(1, ['REF', '', 'X'])), ['EDI_ELEMENT_MISSING@5:5']);
    assert.deepEqual(problemsOf('850', replaceAt(4, ['N3', 'A', 'B', 'C'])), ['EDI_ELEMENT_TOO_MANY@8:8']);
  });

  it('checks syntax notes (paired, required, conditional)', () => {
    // PO107 is absent: the column is where it would start.
    assert.deepEqual(problemsOf('850', replaceAt(6, ['PO1', '1', '10', 'EA', '9.50', '', 'VP'])), [
      'EDI_SYNTAX_PAIRED@10:22',
    ]);
    assert.deepEqual(problemsOf('850', replaceAt(1, ['REF', 'DP'])), ['EDI_SYNTAX_REQUIRED@5:8']);
    assert.deepEqual(problemsOf('850', replaceAt(6, ['PO1', '1', '10', 'EA', '', 'PE', 'VP', 'X'])), [
      'EDI_SYNTAX_CONDITIONAL@10:13',
    ]);
  });

  it('checks the AK5/AK9 code lists of a 997', () => {
    assert.deepEqual(problemsOf('997', replaceAt(2, ['AK5', 'Q'])), ['EDI_ELEMENT_INVALID_CODE@6:5']);
    assert.deepEqual(problemsOf('997', replaceAt(3, ['AK9', 'A', 1, 1, 1, '99'])), ['EDI_ELEMENT_INVALID_CODE@7:13']);
  });

  it('requires the mandatory loops and segments of 945 and 810', () => {
    // Noticed at the next segment (LX, line 6).
    assert.deepEqual(
      problemsOf('945', (s) => s.filter((x) => (x as string[])[0] !== 'W27')),
      ['EDI_SEGMENT_MISSING@6:1'],
    );
    assert.deepEqual(
      problemsOf('810', (s) => s.filter((x) => (x as string[])[0] !== 'TDS')),
      ['EDI_SEGMENT_MISSING@8:1'],
    );
  });

  it('warns when CTT01 does not count the line items', () => {
    const result = validateX12(
      buildX12(
        specFor('850', {
          sets: [
            { id: '850', segments: SET_SEGMENTS['850']!.map((s) => ((s as string[])[0] === 'CTT' ? ['CTT', 3] : s)) },
          ],
        }),
      ),
    );
    assert.equal(result.valid, true);
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity, p.expected]),
      [['EDI_CTT01_MISMATCH', 'warning', '2']],
    );
  });
});

describe('856 HL tree', () => {
  // The sample 856: HL 1 S, 2 O (1), 3 P (2), 4 I (3), 5 I (3), 6 P (2), 7 I (6); HL index i in the body → line 4 + i.
  const hl = (index: number, id: string, parent: string, level: string) => replaceAt(index, ['HL', id, parent, level]);
  it('accepts shipment → order → pack → item', () => {
    assert.deepEqual(
      problemsOf('856', (s) => s),
      [],
    );
  });

  it('requires HL01 to count 1, 2, 3, … in order', () => {
    assert.deepEqual(problemsOf('856', hl(14, '8', '3', 'I')), ['EDI_HL_SEQUENCE@18:4']);
    assert.deepEqual(problemsOf('856', hl(14, '4', '3', 'I')), ['EDI_HL_SEQUENCE@18:4', 'EDI_HL_DUPLICATE@18:4']);
  });

  it('requires HL02 to name an earlier HL', () => {
    assert.deepEqual(problemsOf('856', hl(11, '4', '9', 'I')), ['EDI_HL_PARENT@15:6']);
    assert.deepEqual(problemsOf('856', hl(7, '2', '', 'O')), ['EDI_HL_PARENT@11:6']);
  });

  it('requires each level under a legal parent', () => {
    // An order under a pack, an item directly under the shipment is fine, a shipment under an order is not.
    assert.deepEqual(problemsOf('856', hl(9, '3', '2', 'O')), ['EDI_HL_HIERARCHY@13:8']);
    assert.deepEqual(problemsOf('856', hl(11, '4', '1', 'I')), []);
    assert.deepEqual(problemsOf('856', hl(1, '1', '', 'O')), ['EDI_HL_PARENT@5:6', 'EDI_HL_HIERARCHY@11:8']);
    assert.deepEqual(problemsOf('856', hl(9, '3', '2', 'X')), ['EDI_ELEMENT_INVALID_CODE@13:8']);
  });
});
