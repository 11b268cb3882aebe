import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { acknowledge, asnTree, parseX12, validateX12 } from '../../src/edi/index.js';
import { SAMPLES_DIR } from './sample-specs.js';

/** What each third-party file must yield: its shape, and the exact errors it carries (code@line:column). */
interface Expectation {
  interchanges: number;
  /** Set ids per group, per interchange. */
  shape: string[][][];
  errors: string[];
  check?: (text: string) => void;
}

const EXPECTED: Record<string, Expectation> = {
  'aaronhuggins__node-x12__850.edi': { interchanges: 1, shape: [[['850']]], errors: [] },
  'aaronhuggins__node-x12__850_fat.edi': { interchanges: 2, shape: [[['850']], [['850']]], errors: [] },
  'aaronhuggins__node-x12__855.edi': { interchanges: 1, shape: [[['855']]], errors: [] },
  'aaronhuggins__node-x12__856.edi': {
    interchanges: 1,
    shape: [[['856']]],
    errors: [],
    check: (text) => {
      const interchange = parseX12(text).interchanges[0]!;
      // 00406: ISA11 "-" is the repetition separator; values such as "999999-001" stay whole.
      assert.equal(interchange.delimiters.repetition, '-');
      const tree = asnTree(interchange.groups[0]!.sets[0]!);
      assert.deepEqual(tree.quantities, { '87787D': 24, '99887D': 6 });
      assert.equal(tree.orders[0]!.purchaseOrder, '99999817');
    },
  },
  'olmelabs__EdiEngine__850.OK.edi': { interchanges: 1, shape: [[['850']]], errors: [] },
  'olmelabs__EdiEngine__850.SyntaxNotes.ERR.edi': {
    interchanges: 1,
    shape: [[['850']]],
    // The three syntax-note violations EdiEngine's own tests expect: P0607 on the PO1 of line 15, C0506 and P0607 on the PO4 of line 32.
    errors: ['EDI_SYNTAX_PAIRED@15:25', 'EDI_SYNTAX_CONDITIONAL@32:20', 'EDI_SYNTAX_PAIRED@32:20'],
  },
  'olmelabs__EdiEngine__856.Crossdock.OK.edi': {
    interchanges: 1,
    shape: [[['856']]],
    errors: [],
    check: (text) => {
      const tree = asnTree(parseX12(text).interchanges[0]!.groups[0]!.sets[0]!);
      assert.deepEqual(tree.problems, []);
      assert.deepEqual(
        tree.orders.map((o) => [
          o.purchaseOrder,
          o.packs.length,
          o.packs.flatMap((p) => p.items.map((i) => `${i.productId}=${i.quantity}`)),
        ]),
        [
          ['POREF00', 4, ['0000000000642=12', '0000000000831=12', '0000000000283=12', '0000000000203=12']],
          ['POREF01', 1, ['0000000000642=12']],
        ],
      );
      assert.equal(tree.quantities['0000000000642'], 24);
    },
  },
  'olmelabs__EdiEngine__940.2.OK.edi': { interchanges: 1, shape: [[['940']]], errors: [] },
  'olmelabs__EdiEngine__940.OK.edi': { interchanges: 1, shape: [[['940']]], errors: [] },
  'olmelabs__EdiEngine__940_Failed_SE01.edi': {
    interchanges: 1,
    shape: [[['940']]],
    // SE01 says 12, the set has 9; the file also carries a malformed W01 and a decimal point in W6609 (N2).
    errors: [
      'EDI_ELEMENT_INVALID_CHARACTER@5:30',
      'EDI_ELEMENT_MISSING@7:5',
      'EDI_ELEMENT_TOO_SHORT@7:6',
      'EDI_ELEMENT_TOO_SHORT@7:8',
      'EDI_SE01_MISMATCH@11:4',
    ],
    check: (text) => {
      const se01 = validateX12(text).problems.find((p) => p.code === 'EDI_SE01_MISMATCH')!;
      assert.equal(se01.expected, '9');
      assert.equal(se01.location?.value, '12');
    },
  },
  'olmelabs__EdiEngine__AckTest.edi': {
    interchanges: 1,
    shape: [[['940', '940'], ['940']]],
    // "N9**3" lacks N901; "W66*PP*M***MTEN*43.00" puts an amount into W6606 (F.O.B. point code, ID 2/2).
    errors: ['EDI_ELEMENT_MISSING@18:4', 'EDI_ELEMENT_TOO_LONG@25:17'],
    check: (text) => {
      const ack = acknowledge(parseX12(text).interchanges[0]!);
      assert.deepEqual(
        ack.groups.map((g) => [
          g.controlNumber,
          g.status,
          g.included,
          g.received,
          g.accepted,
          g.sets.map((s) => `${s.controlNumber}:${s.status}`),
        ]),
        [
          ['9221', 'P', 2, 2, 1, ['20066:A', '20067:R']],
          ['9222', 'R', 1, 1, 0, ['20068:R']],
        ],
      );
    },
  },
  'olmelabs__EdiEngine__ControlNumbersMismatch.edi': {
    interchanges: 1,
    shape: [[['940']]],
    errors: ['EDI_SE02_MISMATCH@7:6', 'EDI_GE02_MISMATCH@8:6', 'EDI_IEA02_MISMATCH@9:7'],
  },
  'olmelabs__EdiEngine__MultipleInterchangesAndGroups.edi': {
    interchanges: 2,
    shape: [
      [['940', '940'], ['940']],
      [['940', '940'], ['940']],
    ],
    // IEA02 "3438" is not ISA13 "000003438" when compared as strings (EdiEngine compares numbers).
    errors: ['EDI_IEA02_MISMATCH@21:7', 'EDI_IEA02_MISMATCH@42:7'],
  },
  'olmelabs__EdiEngine__NonEdi.edi': { interchanges: 0, shape: [], errors: ['EDI_NOT_X12@1:17'] }, // points at the "ISA" inside the text
  'olmelabs__EdiEngine__WrongGroupsAndTranCount.edi': {
    interchanges: 1,
    shape: [[['940']]],
    errors: ['EDI_GE01_MISMATCH@8:4', 'EDI_IEA01_MISMATCH@9:5', 'EDI_IEA02_MISMATCH@9:7'],
  },
};

describe('real-world X12 files from other systems', () => {
  const files = readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.edi'))
    .sort();

  it('has an expectation for every sample file (and a file for every expectation)', () => {
    assert.deepEqual(files, Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    const expected = EXPECTED[file];
    it(`${file}: ${expected?.errors.length ? `carries ${expected.errors.join(', ')}` : 'is valid'}`, () => {
      assert.ok(expected, `no expectation for ${file}`);
      const text = readFileSync(new URL(file, SAMPLES_DIR), 'utf8');
      const result = validateX12(text, { file });
      assert.equal(result.interchanges.length, expected.interchanges);
      assert.deepEqual(
        result.interchanges.map((i) => i.groups.map((g) => g.sets.map((s) => s.id))),
        expected.shape,
      );
      const errors = result.problems.filter((p) => p.severity === 'error');
      assert.deepEqual(
        errors.map((p) => `${p.code}@${p.line}:${p.column}`),
        expected.errors,
        errors.map((p) => p.message).join('\n'),
      );
      assert.ok(errors.every((p) => p.file === file));
      assert.equal(result.valid, expected.errors.length === 0);
      expected.check?.(text);
    });
  }
});
