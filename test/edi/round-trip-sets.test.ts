import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildX12, createControlNumbers, parseX12, validateX12 } from '../../src/edi/index.js';
import { SET_SEGMENTS, SUPPORTED_SETS, specFor } from './sample-specs.js';

describe('build → parse → validate round trip', () => {
  for (const setId of SUPPORTED_SETS) {
    it(`a built ${setId} parses back to the same segments and validates clean`, () => {
      const text = buildX12(specFor(setId), {
        controlNumbers: createControlNumbers({ interchange: 41, group: 7, set: 3 }),
      });
      const parsed = parseX12(text, { file: `${setId}.edi` });
      assert.deepEqual(parsed.diagnostics, []);
      assert.equal(parsed.interchanges.length, 1);
      const group = parsed.interchanges[0]!.groups[0]!;
      const set = group.sets[0]!;
      assert.equal(set.id, setId);
      assert.equal(set.controlNumber, '0003');
      assert.equal(group.controlNumber, '7');
      assert.equal(parsed.interchanges[0]!.controlNumber, '000000041');
      // Between ST and SE: exactly what the spec said, trailing empties trimmed.
      const body = set.segments.slice(1, -1).map((s) => s.id);
      const expectedIds = SET_SEGMENTS[setId]!.map((s) => (Array.isArray(s) ? s[0] : s.id));
      assert.deepEqual(body, expectedIds);
      const result = validateX12(text, { file: `${setId}.edi` });
      assert.deepEqual(
        result.problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`),
        [],
      );
      assert.equal(result.valid, true);
    });
  }

  it('keeps element values, composites and object-form segments exactly', () => {
    const text = buildX12({
      sender: { id: 'AA' },
      receiver: { id: 'BB' },
      sets: [
        {
          id: '850',
          segments: [
            ['BEG', '00', 'SA', 'PO-9', null, '20260101'],
            { id: 'REF', elements: ['ZZ', 'X'] },
            { id: 'N1', '01': 'ST', '04': '0001', '03': '92' },
            ['PO1', '1', 2, 'EA', 1.25, '', 'VP', 'A-1'],
            ['MEA', 'PD', 'W', 10, ['LB', '2']],
          ],
        },
      ],
    });
    const set = parseX12(text).interchanges[0]!.groups[0]!.sets[0]!;
    assert.deepEqual(set.segments[1]!.elements, ['BEG', '00', 'SA', 'PO-9', '', '20260101']);
    assert.deepEqual(set.segments[2]!.elements, ['REF', 'ZZ', 'X']);
    assert.deepEqual(set.segments[3]!.elements, ['N1', 'ST', '', '92', '0001']);
    assert.deepEqual(set.segments[4]!.elements, ['PO1', '1', '2', 'EA', '1.25', '', 'VP', 'A-1']);
    assert.equal(set.segments[5]!.elements[4], 'LB>2');
  });
});
