import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate } from '../../src/expression/index.js';
import { render, renderError, scopeWith } from './helpers.js';

const scope = scopeWith({ shipDate: '2026-12-31T23:59:59+02:00', epoch: 0 });
const value = (source: string) => render(source, scope);

describe('now() and today()', () => {
  it('now() is the run clock as an ISO string (UTC); today() its date', () => {
    assert.equal(value('{{ now() }}'), '2026-03-01T10:20:30.000Z');
    assert.equal(value('{{ today() }}'), '2026-03-01');
  });

  it('read the clock on every call', () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const ticking = scopeWith({}, { now: () => new Date((t += 1000)) });
    assert.equal(render('{{ now() }}', ticking), '2026-01-01T00:00:01.000Z');
    assert.equal(render('{{ now() }}', ticking), '2026-01-01T00:00:02.000Z');
  });
});

describe('date.plus and date.minus', () => {
  it('add days by default', () => {
    assert.equal(value('{{ date.plus(now(), 3) }}'), '2026-03-04T10:20:30.000Z');
  });

  it('take minutes, hours, days and weeks, singular or plural', () => {
    assert.equal(value('{{ date.plus(now(), 90, "minutes") }}'), '2026-03-01T11:50:30.000Z');
    assert.equal(value('{{ date.plus(now(), 1, "hour") }}'), '2026-03-01T11:20:30.000Z');
    assert.equal(value('{{ date.minus(now(), 1, "day") }}'), '2026-02-28T10:20:30.000Z');
    assert.equal(value('{{ date.minus(today(), 2, "weeks") }}'), '2026-02-15T00:00:00.000Z');
    assert.equal(value('{{ date.plus(now(), 1.5, "days") }}'), '2026-03-02T22:20:30.000Z');
  });

  it('refuse an unknown unit, listing the units', () => {
    const error = renderError('{{ date.plus(now(), 1, "months") }}', scope);
    assert.equal(error.code, 'REHEARSE_EXPR_TYPE');
    assert.equal(error.message, 'Unknown date unit "months".');
    assert.equal(error.hint, 'Use "days", "hours", "minutes" or "weeks".');
  });

  it('do not take inherited object keys for units', () => {
    assert.equal(
      renderError('{{ date.plus(now(), 1, "constructor") }}', scope).message,
      'Unknown date unit "constructor".',
    );
    assert.equal(renderError('{{ date.plus(now(), 1, "toString") }}', scope).message, 'Unknown date unit "toString".');
  });

  it('refuse an amount that is not a number, naming the (default) unit', () => {
    assert.equal(renderError('{{ date.plus(now(), "3") }}', scope).message, 'Expected a number of days, got "3".');
    assert.equal(
      renderError('{{ date.minus(now(), none, "hours") }}', scopeWith({ none: null })).message,
      'Expected a number of hours, got null.',
    );
  });

  it('fail cleanly when the result is out of the date range', () => {
    const error = renderError('{{ date.plus(now(), 1e20) }}', scope);
    assert.equal(error.code, 'REHEARSE_EXPR_TYPE');
    assert.match(error.message, /^date\.plus\(\) failed: /);
  });
});

describe('date.format and date.parse', () => {
  it('format with YYYY YY MM DD HH mm ss, in UTC', () => {
    assert.equal(value('{{ date.format(now(), "YYYYMMDD-HHmmss") }}'), '20260301-102030');
    assert.equal(value('{{ date.format(now(), "YY/MM/DD") }}'), '26/03/01');
    assert.equal(value('{{ date.format(shipDate, "YYYY-MM-DD HH:mm") }}'), '2026-12-31 21:59', 'converted to UTC');
  });

  it('format as ISO by default or with "iso"', () => {
    assert.equal(value('{{ date.format(today()) }}'), '2026-03-01T00:00:00.000Z');
    assert.equal(value('{{ date.format(now(), "iso") }}'), '2026-03-01T10:20:30.000Z');
  });

  it('parse an ISO string or epoch milliseconds into a UTC ISO string', () => {
    assert.equal(value('{{ date.parse("2026-01-05") }}'), '2026-01-05T00:00:00.000Z');
    assert.equal(value('{{ date.parse(shipDate) }}'), '2026-12-31T21:59:59.000Z');
    assert.equal(value('{{ date.parse(epoch) }}'), '1970-01-01T00:00:00.000Z');
  });

  it('refuse what is not a date, with a hint', () => {
    const error = renderError('{{ date.parse("next tuesday") }}', scope);
    assert.equal(error.code, 'REHEARSE_EXPR_TYPE');
    assert.equal(error.message, 'Expected a date (ISO string), got "next tuesday".');
    assert.match(error.hint ?? '', /now\(\), today\(\)/);
    assert.equal(
      renderError('{{ date.format(true, "YYYY") }}', scope).message,
      'Expected a date (ISO string), got true.',
    );
  });

  it('formatDate pads every field to two digits', () => {
    assert.equal(formatDate(new Date('2009-02-03T04:05:06Z'), 'YYYY-MM-DDTHH:mm:ss YY'), '2009-02-03T04:05:06 09');
  });
});
