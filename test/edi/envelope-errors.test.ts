import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildX12, createControlNumbers, validateX12 } from '../../src/edi/index.js';
import { specFor } from './sample-specs.js';

// ISA 000000001 / GS 1 / ST 850 0001 with 10 body segments: SE*12*0001 on line 15.
const valid = buildX12(specFor('850'), { controlNumbers: createControlNumbers({ interchange: 1, group: 1, set: 1 }) });
const lines = valid.trimEnd().split('\n');
const lineOf = (prefix: string): number => lines.findIndex((l) => l.startsWith(prefix)) + 1;
const replace = (from: string, to: string): string => {
  assert.ok(valid.includes(`\n${from}~`), `fixture holds ${from}`);
  return valid.replace(`\n${from}~`, `\n${to}~`);
};

describe('envelope integrity', () => {
  it('the unmodified document has no problems', () => {
    assert.deepEqual(validateX12(valid).problems, []);
  });

  const cases: Array<{
    name: string;
    from: string;
    to: string;
    code: string;
    column: number;
    expected: string;
    ack: Record<string, string>;
  }> = [
    {
      name: 'SE01 that miscounts the segments',
      from: 'SE*12*0001',
      to: 'SE*11*0001',
      code: 'EDI_SE01_MISMATCH',
      column: 4,
      expected: '12',
      ack: { set: '4' },
    },
    {
      name: 'SE02 that differs from ST02',
      from: 'SE*12*0001',
      to: 'SE*12*0002',
      code: 'EDI_SE02_MISMATCH',
      column: 7,
      expected: '0001',
      ack: { set: '3' },
    },
    {
      name: 'GE01 that miscounts the sets',
      from: 'GE*1*1',
      to: 'GE*2*1',
      code: 'EDI_GE01_MISMATCH',
      column: 4,
      expected: '1',
      ack: { group: '5' },
    },
    {
      name: 'GE02 that differs from GS06',
      from: 'GE*1*1',
      to: 'GE*1*2',
      code: 'EDI_GE02_MISMATCH',
      column: 6,
      expected: '1',
      ack: { group: '4' },
    },
    {
      name: 'IEA01 that miscounts the groups',
      from: 'IEA*1*000000001',
      to: 'IEA*3*000000001',
      code: 'EDI_IEA01_MISMATCH',
      column: 5,
      expected: '1',
      ack: {},
    },
    {
      name: 'IEA02 that differs from ISA13',
      from: 'IEA*1*000000001',
      to: 'IEA*1*000000002',
      code: 'EDI_IEA02_MISMATCH',
      column: 7,
      expected: '000000001',
      ack: {},
    },
  ];
  for (const c of cases) {
    it(`finds ${c.name}, at its line and column`, () => {
      const text = replace(c.from, c.to);
      const result = validateX12(text, { file: 'po.edi' });
      assert.equal(result.valid, false);
      assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
      const problem = result.problems[0]!;
      assert.equal(problem.code, c.code);
      assert.equal(problem.file, 'po.edi');
      assert.equal(problem.line, lineOf(c.to.split('*')[0]!));
      assert.equal(problem.column, c.column);
      assert.equal(problem.expected, c.expected);
      assert.deepEqual(problem.ack ?? {}, c.ack);
      assert.match(problem.path ?? '', /^interchange 000000001/);
    });
  }

  it('compares control numbers as strings: an unpadded IEA02 does not match ISA13', () => {
    const result = validateX12(replace('IEA*1*000000001', 'IEA*1*1'));
    assert.deepEqual(
      result.problems.map((p) => p.code),
      ['EDI_IEA02_MISMATCH'],
    );
    assert.match(result.problems[0]!.hint ?? '', /character for character/);
  });

  it('reports missing SE, GE and IEA trailers with 997 codes', () => {
    const noSe = validateX12(valid.replace('SE*12*0001~\n', ''));
    assert.deepEqual(
      noSe.problems.filter((p) => p.code === 'EDI_SE_MISSING').map((p) => p.ack),
      [{ set: '2' }],
    );
    const noGe = validateX12(valid.replace('GE*1*1~\n', ''));
    assert.deepEqual(
      noGe.problems.map((p) => [p.code, p.ack]),
      [['EDI_GE_MISSING', { group: '3' }]],
    );
    const noIea = validateX12(valid.replace('IEA*1*000000001~\n', ''));
    assert.deepEqual(
      noIea.problems.map((p) => [p.code, p.line]),
      [['EDI_IEA_MISSING', 1]],
    );
  });

  it('reports duplicate set and group control numbers', () => {
    const text = buildX12(
      {
        sender: { id: 'AA' },
        receiver: { id: 'BB' },
        groups: [
          {
            controlNumber: '5',
            sets: [specFor('850').sets![0]!, { ...specFor('850').sets![0]!, controlNumber: '0001' }],
          },
          { controlNumber: '5', sets: [{ ...specFor('850').sets![0]!, controlNumber: '0009' }] },
        ],
      },
      { controlNumbers: createControlNumbers({ set: 1 }) },
    );
    const codes = validateX12(text).problems.map((p) => [p.code, p.ack]);
    assert.deepEqual(codes, [
      ['EDI_ST02_DUPLICATE', { set: '23' }],
      ['EDI_GS06_DUPLICATE', { group: '19' }],
    ]);
  });

  it('checks the fixed-width ISA fields', () => {
    const text = valid.replace('*000000001*0*T*>~', '*1*0*X*>~');
    const problems = validateX12(text).problems.filter((p) => p.code === 'EDI_ISA_FIELD');
    assert.deepEqual(
      problems.map((p) => p.location?.element),
      [13, 15],
    );
    assert.ok(problems.every((p) => p.line === 1 && p.column! > 80));
  });
});
