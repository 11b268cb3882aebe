// TA1 interchange acknowledgments are validated (X12.5: TA101 control number, TA102 date,
// TA103 time, TA104 A/E/R, TA105 note code), matched to the interchange they acknowledge,
// and ISA12 must be a published X12 version.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { acknowledge, parseX12, validateX12 } from '../../src/edi/index.js';
import { FIXTURES_DIR, SAMPLES_DIR } from './sample-specs.js';

const ta1Only = readFileSync(new URL('ta1-only.edi', FIXTURES_DIR), 'utf8');
const real850 = readFileSync(new URL('olmelabs__EdiEngine__850.OK.edi', SAMPLES_DIR), 'utf8');
const withTa1 = (ta1: string): string => ta1Only.replace(/TA1\*[^~]*~/, `${ta1}~`);
const codes = (text: string, options = {}) =>
  validateX12(text, options).problems.map(
    (p) =>
      `${p.code}@${p.line}:${p.column}${p.location?.element ? ` TA1${String(p.location.element).padStart(2, '0')}` : ''}`,
  );

describe('TA1 segments', () => {
  it('a well-formed TA1-only interchange is valid', () => {
    assert.deepEqual(codes(ta1Only), []);
  });

  it('each bad TA1 element is an error at its own column', () => {
    assert.deepEqual(codes(withTa1('TA1*41*261399*2460*X*999')), [
      'EDI_TA1_FIELD@2:5 TA101',
      'EDI_TA1_FIELD@2:8 TA102',
      'EDI_TA1_FIELD@2:15 TA103',
      'EDI_TA1_FIELD@2:20 TA104',
      'EDI_TA1_FIELD@2:22 TA105',
    ]);
    const [first] = validateX12(withTa1('TA1*41*261122*1200*A*000')).problems;
    assert.match(first!.message, /TA101 \(interchange control number\) must be 9 digits: "41"/);
  });

  it('TA104 and TA105 must agree: an acceptance notes no error, a rejection names one', () => {
    assert.deepEqual(codes(withTa1('TA1*000000041*261122*1200*A*024')), ['EDI_TA1_INCONSISTENT@2:29 TA105']);
    assert.deepEqual(codes(withTa1('TA1*000000041*261122*1200*R*000')), ['EDI_TA1_INCONSISTENT@2:29 TA105']);
    assert.deepEqual(codes(withTa1('TA1*000000041*261122*1200*R*024')), []);
    assert.deepEqual(codes(withTa1('TA1*000000041*261122*1200*E*031')), []);
  });

  it('a missing TA105 is an error, not an exception', () => {
    assert.deepEqual(codes(withTa1('TA1*000000041*261122*1200*A')), ['EDI_TA1_FIELD@2:27 TA105']);
    assert.deepEqual(codes(withTa1('TA1')).length, 5);
  });

  it('TA101 names the sent interchange; TA102/TA103 repeat its ISA09/ISA10', () => {
    const sent = parseX12(real850).interchanges; // ISA13 000003438, ISA09 101127, ISA10 1719
    const right = withTa1('TA1*000003438*101127*1719*A*000');
    assert.deepEqual(codes(right, { sent }), []);
    assert.deepEqual(codes(withTa1('TA1*000003438*101128*1720*A*000'), { sent }), [
      'EDI_TA1_MISMATCH@2:15 TA102',
      'EDI_TA1_MISMATCH@2:22 TA103',
    ]);
    const [unknown] = validateX12(withTa1('TA1*000000041*261122*1200*A*000'), { sent }).problems;
    assert.equal(unknown?.code, 'EDI_TA101_UNKNOWN');
    assert.match(unknown!.message, /TA101 000000041 acknowledges no interchange that was sent \(sent: 000003438\)/);
  });

  it('without `sent`, a TA1 is matched against the interchanges of its own file', () => {
    const file = `${real850.trimEnd()}\n${withTa1('TA1*000003438*101127*1718*A*000')}`;
    const problems = validateX12(file).problems.filter((p) => p.code.startsWith('EDI_TA1'));
    assert.deepEqual(
      problems.map((p) => [p.code, p.location?.element]),
      [['EDI_TA1_MISMATCH', 3]],
    );
  });
});

describe('ISA12', () => {
  it('an unknown version is an error at ISA12 with the versions that exist', () => {
    const text = real850.replace('*00400*', '*00409*');
    const problem = validateX12(text, { file: 'po.edi' }).problems.find((p) => p.code === 'EDI_ISA12_UNKNOWN');
    assert.ok(problem);
    assert.deepEqual([problem.file, problem.line, problem.column], ['po.edi', 1, 85]);
    assert.equal(problem.location?.element, 12);
    assert.match(problem.message, /ISA12 \(interchange control version\) "00409" is not a known X12 version\./);
    assert.match(problem.expected ?? '', /00200.*00401.*00501.*00801/);
    assert.match(problem.hint ?? '', /Did you mean 00400\?/);
  });

  it('every published version is accepted, and the 997 of an unknown-version file fails the ack', () => {
    for (const version of ['00200', '00304', '00401', '00501', '00605', '00801'])
      assert.deepEqual(
        validateX12(real850.replace('*00400*', `*${version}*`)).problems.filter((p) => p.code === 'EDI_ISA12_UNKNOWN'),
        [],
        version,
      );
    const interchange = parseX12(real850.replace('*00400*', '*00999*')).interchanges[0]!;
    const ack = acknowledge(interchange);
    assert.deepEqual(
      ack.interchangeProblems.map((p) => p.code),
      ['EDI_ISA12_UNKNOWN'],
    );
  });
});
