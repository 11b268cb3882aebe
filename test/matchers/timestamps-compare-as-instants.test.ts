import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExpectations, lintExpectation } from '../../src/matchers/index.js';
import { render, scopeWith } from '../expression/helpers.js';
import { check } from './helpers.js';

// This file also runs under other time zones (see time-zones-do-not-change-results.test.ts): no
// result here may depend on the machine's TZ.

const START = '2026-11-30T09:30:00.500Z';
const at = (value: string) => ({ t: value });
const holds = (value: string, matcher: Record<string, unknown>) =>
  checkExpectations(at(value), { t: matcher }).every((r) => r.passed);

describe('gt, gte, lt and lte on two ISO 8601 timestamps compare instants', () => {
  it('a fraction counts: 09:30:00Z is before 09:30:00.500Z (as text, "Z" sorts after ".")', () => {
    assert.equal(holds('2026-11-30T09:30:00Z', { gte: START }), false);
    assert.equal(holds('2026-11-30T09:30:00Z', { lt: START }), true);
  });

  it('offsets count: 10:00:05+01:00 is 09:00:05Z; 08:35:00-01:00 is 09:35:00Z', () => {
    assert.equal(holds('2026-11-30T10:00:05+01:00', { gte: START }), false);
    assert.equal(holds('2026-11-30T08:35:00-01:00', { gte: START }), true);
    assert.equal(holds('2026-11-30T15:15:00.5+05:45', { gte: START, lte: START }), true, 'Nepal, +05:45');
    assert.equal(holds('2026-11-30T23:15:00.500+13:45', { gte: START, lte: START }), true, 'Chatham, +13:45');
    assert.equal(holds('2026-11-30T15:00:00.500+0530', { gt: START }), false, 'an offset without a colon');
  });

  it('the same instant is equal whatever its spelling: Z and +00:00, .5 and .500000', () => {
    assert.equal(holds('2026-11-30T10:30:00.500+01:00', { gte: START, lte: START }), true);
    assert.equal(holds('2026-11-30T09:30:00.5+00:00', { gte: START, lte: START }), true);
    assert.equal(holds('2026-11-30T09:30:00.500000Z', { gt: START }), false);
    assert.equal(holds('2026-11-30 09:30:00.5+00', { gte: START, lte: START }), true, 'PostgreSQL text output');
  });

  it('precision finer than milliseconds counts: .500001 is after .5', () => {
    assert.equal(holds('2026-11-30T09:30:00.500001Z', { gt: START }), true);
    assert.equal(holds('2026-11-30T09:30:00.499999999Z', { lt: START }), true);
  });

  it('a date-time without an offset is UTC, whatever the machine time zone', () => {
    assert.equal(holds('2026-11-30T09:30:00.5', { gte: START, lte: START }), true);
    assert.equal(holds('2026-11-30T09:30', { lt: START }), true);
  });

  it('a date alone is its midnight UTC; two dates still order as dates', () => {
    assert.equal(holds('2026-11-30', { lt: START }), true);
    assert.equal(holds('2026-12-01', { gt: START }), true);
    assert.equal(holds('2026-11-30', { gte: '2026-11-30T00:00:00+00:00', lte: '2026-11-30T00:00:00Z' }), true);
  });

  it('other strings still compare as text, and numbers as numbers', () => {
    assert.equal(holds('b', { gt: 'a' }), true);
    assert.equal(holds('2026-13-01T00:00:00Z', { gt: '2026-12-01T00:00:00Z' }), true, 'no month 13: text');
    assert.equal(check('n', { gt: 9 }, { n: 10 }).passed, true);
  });
});

describe('before and after', () => {
  it('hold for an instant strictly before / after, whatever the offsets', () => {
    assert.equal(holds('2026-11-30T10:00:05+01:00', { before: START }), true);
    assert.equal(holds('2026-11-30T08:35:00-01:00', { after: START }), true);
    assert.equal(holds('2026-11-30T10:30:00.500+01:00', { before: START }), false, 'the same instant');
    assert.equal(holds('2026-11-30T10:30:00.500+01:00', { after: START }), false, 'the same instant');
  });

  it('fail, saying so, when either side is not a timestamp', () => {
    const notTime = check('t', { after: START }, at('yesterday'));
    assert.equal(notTime.passed, false);
    assert.equal(notTime.message, `t: expected an ISO 8601 timestamp after "${START}", got "yesterday"`);
    const number = check('t', { before: START }, { t: 1796000000000 });
    assert.equal(number.passed, false);
    const badExpected = check('t', { before: 'soon' }, at(START));
    assert.equal(badExpected.message, `t: expected before "soon", which is not an ISO 8601 timestamp, got "${START}"`);
  });

  it('are checked at load time: a non-timestamp argument is an error, a template is left for the run', () => {
    const issues = lintExpectation({ createdAt: { after: 'yesterday' }, shippedAt: { before: '{{ run.startedAt }}' } });
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.code, 'REHEARSE_INVALID_MATCHER');
    assert.deepEqual(issues[0]!.path, ['createdAt', 'after']);
    assert.equal(issues[0]!.message, '"after" needs an ISO 8601 timestamp, got "yesterday".');
  });

  it('a mistyped name gets a did-you-mean', () => {
    const issues = lintExpectation({ createdAt: { aftr: START } });
    assert.equal(issues[0]!.code, 'REHEARSE_UNKNOWN_MATCHER');
    assert.equal(issues[0]!.hint, 'Did you mean "after"?');
  });

  it('work inside a subset literal too', () => {
    const [result] = checkExpectations(
      { body: { createdAt: '2026-11-30T08:35:00-01:00' } },
      { body: { createdAt: { after: START } } },
    );
    assert.equal(result!.passed, true);
  });
});

describe('expressions read and order timestamps the same way', () => {
  it('< and >= compare two ISO timestamps as instants', () => {
    const scope = scopeWith({ created: '2026-11-30T10:00:05+01:00', start: START });
    assert.equal(render('{{ created < start }}', scope), true);
    assert.equal(render('{{ created >= start }}', scope), false);
    assert.equal(render('{{ "2026-11-30T09:30:00Z" >= "2026-11-30T09:30:00+00:00" }}'), true);
  });

  it('date functions read a date-time without an offset as UTC', () => {
    assert.equal(render('{{ date.parse("2026-11-30T09:30:00") }}'), '2026-11-30T09:30:00.000Z');
    assert.equal(render('{{ date.parse("2026-11-30T10:00:05+01:00") }}'), '2026-11-30T09:00:05.000Z');
    assert.equal(render('{{ date.plus("2026-11-30T23:30:00", 1, "hour") }}'), '2026-12-01T00:30:00.000Z');
    assert.equal(render('{{ date.format("2026-11-30T23:30:00", "YYYYMMDD") }}'), '20261130');
    assert.equal(render('{{ date.parse("Mon, 30 Nov 2026 09:30:00 GMT") }}'), '2026-11-30T09:30:00.000Z');
  });

  it('refuse a date text that names no zone and is not ISO 8601, rather than guess the local one', () => {
    assert.throws(() => render('{{ date.parse("11/30/2026 09:30") }}'), /Expected a date \(ISO string\)/);
  });
});

describe('the time zone this file runs under', () => {
  it('is the one the spawning test asked for (so the other zones are really tested)', () => {
    const offset = process.env.REHEARSE_TEST_EXPECT_UTC_OFFSET_MINUTES;
    if (offset === undefined) return;
    assert.equal(0 - new Date('2026-11-30T09:30:00Z').getTimezoneOffset(), Number(offset), `TZ=${process.env.TZ}`);
  });
});
