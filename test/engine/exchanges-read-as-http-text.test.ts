// A recorded exchange reads as HTTP text, bounded; the target's own error is read from its body in
// the conventions targets write it (GraphQL errors[] and error results, RFC 9457 problem details,
// `{ error: { code, message } }`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exchangeHttpText, exchangeLabel } from '../../src/engine/exchange-http-text.js';
import type { ExchangeRecord } from '../../src/engine/results.js';
import { targetErrors, targetSaidText } from '../../src/engine/target-errors.js';

const exchange = (response?: ExchangeRecord['response'], extra: Partial<ExchangeRecord> = {}): ExchangeRecord => ({
  request: {
    method: 'POST',
    url: 'http://127.0.0.1:9/api/orders?page=2',
    headers: { 'content-type': 'application/json', authorization: '[REDACTED]', traceparent: '00-a-b-01' },
    body: '{"customer":"C-1","orderNo":123456789012345678901}',
  },
  ...(response ? { response } : {}),
  timings: { startedAt: '2026-12-04T03:00:00.000Z', connectMs: 1.5, ttfbMs: 10, totalMs: 12.5 },
  attempts: 1,
  traceparent: '00-a-b-01',
  ...extra,
});

describe('exchangeHttpText', () => {
  test('request line, headers, pretty JSON body (big integers digit for digit), status line, response', () => {
    const text = exchangeHttpText(
      exchange({ status: 422, headers: { 'content-type': 'application/json' }, body: '{"ok":false}' }),
    );
    assert.equal(
      text,
      [
        '# 2026-12-04T03:00:00.000Z · 12.5 ms (connect 1.5 ms, first byte 10 ms)',
        'POST http://127.0.0.1:9/api/orders?page=2',
        'content-type: application/json',
        'authorization: [REDACTED]',
        'traceparent: 00-a-b-01',
        '',
        '{',
        '  "customer": "C-1",',
        '  "orderNo": 123456789012345678901',
        '}',
        '',
        'HTTP 422 Unprocessable Entity',
        'content-type: application/json',
        '',
        '{',
        '  "ok": false',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('attempts, retries, redirects and an exchange with no response', () => {
    const text = exchangeHttpText(
      exchange(undefined, {
        attempts: 3,
        retries: ['ECONNRESET: socket hang up', 'ECONNRESET: socket hang up'],
        redirects: ['302 GET http://a/x → http://a/y'],
        error: 'ECONNREFUSED: connection refused',
      }),
    );
    assert.match(text, /^# .* · 3 attempts$/m);
    assert.match(text, /^# retry after attempt 1: ECONNRESET: socket hang up$/m);
    assert.match(text, /^# retry after attempt 2: ECONNRESET/m);
    assert.match(text, /^# redirect: 302 GET http:\/\/a\/x → http:\/\/a\/y$/m);
    assert.match(text, /^\(no response: ECONNREFUSED: connection refused\)$/m);
  });

  test('a long body is cut at a character boundary, with the bytes cut counted', () => {
    const body = 'é'.repeat(3000); // 6000 UTF-8 bytes, not JSON
    const text = exchangeHttpText(exchange({ status: 200, headers: { 'content-type': 'text/plain' }, body }), {
      maxBodyBytes: 1001,
    });
    const shown = /\n\n(é+)\n… \((\d[\d,]*) more bytes cut from this 6,000-byte body/.exec(text);
    assert.ok(shown, text.slice(-300));
    assert.equal(shown[1]!.length, 500, 'no character split: 500 × 2 bytes');
    assert.equal(shown[2], '5,000');
  });

  test('a body that is not JSON is shown as recorded; the label names method, path and status', () => {
    const record = exchange({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>502</html>' });
    assert.match(exchangeHttpText(record), /\n\n<html>502<\/html>\n$/);
    assert.equal(exchangeLabel(record), 'POST /api/orders?page=2 → 502');
    assert.equal(exchangeLabel(exchange()), 'POST /api/orders?page=2 → no response');
  });
});

describe('targetErrors', () => {
  const said = (status: number, body: unknown, type = 'application/json') =>
    targetSaidText(targetErrors(exchange({ status, headers: { 'content-type': type }, body: JSON.stringify(body) })));

  test('GraphQL errors[]: extensions.code, message, path and the other extensions', () => {
    assert.equal(
      said(200, {
        errors: [
          {
            message: 'Order SO-9 was not found',
            path: ['order', 0, 'id'],
            extensions: { code: 'NOT_FOUND', retry: false },
          },
        ],
      }),
      'Target said: NOT_FOUND: Order SO-9 was not found\n  path: order[0].id\n  extensions.retry: false',
    );
  });

  test('a GraphQL error result in data: errorCode and message, where it is', () => {
    assert.equal(
      said(200, {
        data: {
          add: { __typename: 'InsufficientStockError', errorCode: 'INSUFFICIENT_STOCK', message: 'Only 2 left' },
        },
      }),
      'Target said: INSUFFICIENT_STOCK: Only 2 left\n  at: data.add (__typename InsufficientStockError)',
    );
  });

  test('RFC 9457 problem details: title and detail, then type, status, instance and extension members', () => {
    assert.equal(
      said(
        403,
        {
          type: 'https://example.com/probs/out-of-credit',
          title: 'You do not have enough credit.',
          status: 403,
          detail: 'Your current balance is 30, but that costs 50.',
          instance: '/account/12345/msgs/abc',
          balance: 30,
          accounts: ['/account/12345'],
        },
        'application/problem+json',
      ),
      [
        'Target said: You do not have enough credit.: Your current balance is 30, but that costs 50.',
        '  type: https://example.com/probs/out-of-credit',
        '  status: 403',
        '  instance: /account/12345/msgs/abc',
        '  balance: 30',
        '  accounts: ["/account/12345"]',
      ].join('\n'),
    );
  });

  test('the common error object; nothing for a body with no error or no JSON', () => {
    assert.equal(
      said(422, { error: { code: 'VALIDATION', message: 'customer is required', field: 'customer' } }),
      'Target said: VALIDATION: customer is required\n  field: customer',
    );
    assert.equal(said(404, { error: 'Not Found' }), 'Target said: Not Found');
    assert.equal(said(200, { id: 'SO-1', status: 'OPEN' }), '');
    assert.deepEqual(targetErrors(exchange({ status: 502, headers: {}, body: '<html>' })), []);
    assert.deepEqual(targetErrors(exchange()), []);
  });
});
