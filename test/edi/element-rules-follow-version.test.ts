// Element rules follow the group's X12 release: data element 373 (DT) is YYMMDD before 004010
// and CCYYMMDD from it; 337 (TM) grew from HHMM[SS] to HHMM[SS[DD]] in the same release.
// The inputs are a real third-party 850 (EdiEngine's 850.OK, 004010) and the same file as a
// 003010 partner writes it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { acknowledge, createControlNumbers, parseX12, validateX12 } from '../../src/edi/index.js';
import { SAMPLES_DIR } from './sample-specs.js';

const real850 = readFileSync(new URL('olmelabs__EdiEngine__850.OK.edi', SAMPLES_DIR), 'utf8');
const now = new Date('2026-11-22T12:00:00Z');

/** The real file as a version 3 partner sends it: ISA12 00301, GS08 003010, every date YYMMDD. */
const as003010 = (text: string): string =>
  text
    .replace('*00400*', '*00301*')
    .replace('*X*004010', '*X*003010')
    .replace(/\*20(\d{6})(?=[*\n])/g, '*$1');

const dateProblems = (text: string) =>
  validateX12(text, { file: 'po.edi' }).problems.filter((p) => p.code === 'EDI_ELEMENT_INVALID_DATE');

describe('dates and times follow GS08', () => {
  it('the real 004010 file is valid with its CCYYMMDD dates', () => {
    assert.deepEqual(dateProblems(real850), []);
    assert.equal(validateX12(real850).valid, true);
  });

  it('the same order from a 003010 partner, dates YYMMDD, is valid too', () => {
    const text = as003010(real850);
    assert.match(text, /\nGS\*PO\*4405197800\*999999999\*101127\*1719\*1421\*X\*003010\n/);
    assert.match(text, /\nBEG\*00\*SA\*08292233294\*\*101127\*/);
    const result = validateX12(text);
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'error'),
      [],
    );
  });

  it('a 003010 group with a CCYYMMDD date is an error at that element, naming the release', () => {
    const text = as003010(real850).replace('DTM*002*101214', 'DTM*002*20101214');
    const [problem, ...rest] = dateProblems(text);
    assert.deepEqual(rest, []);
    assert.equal(problem?.line, 8);
    assert.equal(problem?.column, 9);
    assert.equal(problem?.location?.element, 2);
    assert.match(
      problem?.message ?? '',
      /DTM02 is not a valid date \(YYMMDD, as version 003010 writes dates\): "20101214"/,
    );
    assert.equal(problem?.expected, 'conditional DT 6/6');
    assert.equal(problem?.ack?.element, '8');
    assert.equal(problem?.ack?.elementRef, 373);
  });

  it('a 004010 group with a YYMMDD date is an error, CCYYMMDD expected', () => {
    const text = real850.replace('DTM*002*20101214', 'DTM*002*101214');
    const [problem] = dateProblems(text);
    assert.match(
      problem?.message ?? '',
      /DTM02 is not a valid date \(CCYYMMDD, as version 004010 writes dates\): "101214"/,
    );
    assert.equal(problem?.expected, 'conditional DT 8/8');
  });

  it('GS04 follows GS08 as well', () => {
    const text = as003010(real850).replace('*101127*1719*1421*', '*20101127*1719*1421*');
    const problems = validateX12(text).problems.filter((p) => p.path?.endsWith('GS04'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /YYMMDD, as version 003010/);
  });

  it('without a readable GS08 the release comes from ISA12 (00301 → 003010)', () => {
    const text = as003010(real850).replace('*X*003010', '*X*');
    const problems = dateProblems(text.replace('DTM*002*101214', 'DTM*002*20101214'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /version 003010/);
  });

  it('times: 8 digits (HHMMSSDD) pass in 004010 and fail in 003010, where HHMMSS is the longest', () => {
    const in4010 = real850.replace('*1719*1421*', '*17190512*1421*');
    assert.deepEqual(
      validateX12(in4010).problems.filter((p) => p.code === 'EDI_ELEMENT_INVALID_TIME'),
      [],
    );
    const in3010 = as003010(real850).replace('*1719*1421*', '*17190512*1421*');
    const [problem] = validateX12(in3010).problems.filter((p) => p.code === 'EDI_ELEMENT_INVALID_TIME');
    assert.match(problem?.message ?? '', /GS05 is not a valid time \(HHMM\[SS\], as version 003010 writes times\)/);
    const six = as003010(real850).replace('*1719*1421*', '*171905*1421*');
    assert.deepEqual(
      validateX12(six).problems.filter((p) => p.code === 'EDI_ELEMENT_INVALID_TIME'),
      [],
    );
  });

  it('the 997 for a 003010 group is itself a valid 003010 group (GS04 YYMMDD)', () => {
    const received = parseX12(as003010(real850)).interchanges[0]!;
    const ack = acknowledge(received, { controlNumbers: createControlNumbers({ interchange: 5 }), now });
    assert.ok(ack.text);
    assert.match(ack.text, /\nGS\*FA\*999999999\*4405197800\*261122\*1200\*\d+\*X\*003010~?/);
    assert.deepEqual(
      validateX12(ack.text).problems.filter((p) => p.severity === 'error'),
      [],
    );
  });
});
