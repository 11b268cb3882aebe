// Which attachments a step result gets: a passing step only the documents it exchanged; a failing
// leaf its cause, exchanges and diagnostics; a parent that failed because a child did, nothing of
// its own; an `eventually` (children run outside the report) the evidence of its last attempt; a
// `do:` step whose own check failed, the last exchange its children made.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ExchangeRecord, StepResult } from '../../src/engine/results.js';
import { stepEvidence } from '../../src/playwright/step-evidence.js';

const exchange = (path: string, status: number, body = '{}'): ExchangeRecord => ({
  request: { method: 'GET', url: `http://t${path}`, headers: {} },
  response: { status, headers: { 'content-type': 'application/json' }, body },
  timings: { startedAt: '2026-12-04T03:00:00.000Z', totalMs: 1 },
  attempts: 1,
  traceparent: '',
});

const step = (title: string, extra: Partial<StepResult> = {}): StepResult => ({
  kind: 'http',
  title,
  status: 'passed',
  startedAt: '2026-12-04T03:00:00.000Z',
  durationMs: 1,
  checks: [],
  exchanges: [],
  ...extra,
});

const failedCheck = {
  path: 'body.status',
  matcher: 'eq',
  expected: 'SHIPPED',
  actual: 'OPEN',
  passed: false,
  message: 'body.status: expected "SHIPPED", got "OPEN"',
};

const names = (result: StepResult, childrenShown = false) => stepEvidence(result, { childrenShown }).map((e) => e.name);

describe('stepEvidence', () => {
  test('a passing step: its always-documents, never its failure diagnostics, no cause', () => {
    const passed = step('send 850', {
      exchanges: [exchange('/van', 202)],
      attachments: [
        { name: '850 sent to TP', contentType: 'text/plain', body: 'ISA*', when: 'always' },
        { name: 'journal', contentType: 'text/plain', body: '...', when: 'failure' },
      ],
    });
    assert.deepEqual(names(passed), ['850 sent to TP']);
  });

  test('a failing leaf: cause, its exchanges as HTTP text, then its documents and diagnostics', () => {
    const failed = step('GET /orders/1', {
      status: 'failed',
      checks: [failedCheck],
      exchanges: [exchange('/orders/1', 200, '{"status":"OPEN"}')],
      attachments: [
        { name: 'screenshot', contentType: 'image/png', body: 'iVBORw0K', encoding: 'base64', when: 'failure' },
      ],
    });
    const evidence = stepEvidence(failed, { childrenShown: false });
    assert.deepEqual(
      evidence.map((e) => e.name),
      ['cause', 'GET /orders/1 → 200', 'screenshot'],
    );
    assert.ok(Buffer.isBuffer(evidence[2]!.body), 'the PNG as bytes');
    assert.match(String(evidence[0]!.body), /✗ body\.status: expected "SHIPPED", got "OPEN"/);
  });

  test('an errored step: the error code, message and hint', () => {
    const errored = step('GET /orders', {
      status: 'errored',
      error: { code: 'REHEARSE_REQUEST_TIMEOUT', message: 'Failed to get a response.', hint: 'Raise the timeout.' },
    });
    const cause = String(stepEvidence(errored, { childrenShown: false })[0]!.body);
    assert.match(cause, /^Step errored: GET \/orders$/m);
    assert.match(cause, /^REHEARSE_REQUEST_TIMEOUT: Failed to get a response\.$/m);
    assert.match(cause, /^hint: Raise the timeout\.$/m);
  });

  test('a parent that failed because a child shown on its own failed: nothing of its own', () => {
    const child = step('GET /orders/1', {
      status: 'failed',
      checks: [failedCheck],
      exchanges: [exchange('/orders/1', 200)],
    });
    const parent = step('do order.ship', { kind: 'do', status: 'failed', children: [child] });
    assert.deepEqual(names(parent, true), []);
  });

  test('an eventually whose attempts ran outside the report: its own check and its last attempt’s cause and exchanges', () => {
    const attempt = step('GET /invoices', {
      status: 'failed',
      checks: [failedCheck],
      exchanges: [exchange('/invoices?order=1', 200, '[]')],
    });
    const eventually = step('eventually', {
      kind: 'eventually',
      status: 'failed',
      checks: [{ ...failedCheck, path: 'eventually', message: 'Still failing after 3 attempt(s)' }],
      children: [attempt],
    });
    const evidence = stepEvidence(eventually, { childrenShown: false });
    assert.deepEqual(
      evidence.map((e) => e.name),
      ['cause', 'GET /invoices?order=1 → 200'],
    );
    assert.match(String(evidence[0]!.body), /Still failing after 3 attempt\(s\)[\s\S]*In "GET \/invoices" \(failed\):/);
  });

  test('a do: step whose own expect failed shows the last exchange of its children', () => {
    const parent = step('do order.create', {
      kind: 'do',
      status: 'failed',
      checks: [failedCheck],
      children: [
        step('POST /orders', { exchanges: [exchange('/orders', 201)] }),
        step('GET /orders/1', { exchanges: [exchange('/orders/1', 200)] }),
      ],
    });
    const evidence = stepEvidence(parent, { childrenShown: true });
    assert.deepEqual(
      evidence.map((e) => e.name),
      ['cause', 'GET /orders/1 → 200'],
    );
    assert.match(String(evidence[0]!.body), /the last one before the checks/);
  });

  test('a poll of many exchanges: the last three, and a note that says so', () => {
    const polled = step('edi.expect 856', {
      status: 'failed',
      checks: [failedCheck],
      exchanges: [1, 2, 3, 4, 5].map((n) => exchange(`/mailbox?look=${n}`, 200)),
    });
    const evidence = stepEvidence(polled, { childrenShown: false });
    assert.deepEqual(
      evidence.slice(1).map((e) => e.name),
      ['GET /mailbox?look=3 → 200', 'GET /mailbox?look=4 → 200', 'GET /mailbox?look=5 → 200'],
    );
    assert.match(String(evidence[0]!.body), /The last 3 of 5 exchanges are shown/);
  });
});
