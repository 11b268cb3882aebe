// A step's result is masked without walking the parts that hold no value from the run
// (maskStepResult); what it gives must be what masking the whole result gives (redactValue), for
// secrets known by value and by name, in every part that can quote one — also when a configured
// field name is one of the result's own keys, and when a secret is learned after it was masked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDACTED, Redactor } from '../../src/core/redactor.js';
import { maskStepResult } from '../../src/engine/mask-step-result.js';
import type { StepResult } from '../../src/engine/results.js';

const SECRET = 'sk-live-5b1f0c9e2d';

/** A result whose every part that can quote a value quotes the secret (the title as the caller masked it). */
function resultQuoting(secret: string, redactor: Redactor): StepResult {
  const child = redactor.redactValue<StepResult>({
    kind: 'http',
    title: `GET /inner?key=${secret}`,
    status: 'failed',
    startedAt: '2026-12-04T00:00:00.000Z',
    durationMs: 1,
    checks: [],
    exchanges: [],
  });
  return {
    kind: 'do',
    title: redactor.redactText(`order.create with ${secret}`),
    action: 'order.create',
    status: 'failed',
    startedAt: '2026-12-04T00:00:00.000Z',
    durationMs: 12.5,
    checks: [
      {
        path: 'body.note',
        matcher: 'equals',
        passed: false,
        expected: 'ok',
        actual: `echo ${secret}`,
        message: `body.note: expected "ok", got "echo ${secret}"`,
      },
    ],
    exchanges: [],
    error: { code: 'X', message: `Failed with ${secret}`, hint: `try ${secret}` },
    children: [child],
    saved: { note: `n ${secret}`, password: 'short' },
    reason: `because ${secret}`,
    attachments: [{ name: 'doc', contentType: 'text/plain', body: `body ${secret}`, when: 'always' }],
  };
}

describe('a step result is masked as redactValue masks it', () => {
  test('every part that can quote a secret is masked, the rest kept as it is', () => {
    const redactor = new Redactor();
    redactor.addSecret(SECRET);
    const masked = maskStepResult(resultQuoting(SECRET, redactor), redactor);
    assert.deepEqual(masked, redactor.redactValue(resultQuoting(SECRET, new Redactor())));
    const text = JSON.stringify(masked);
    assert.ok(!text.includes(SECRET), text);
    assert.equal(masked.saved?.password, REDACTED, 'a sensitive name is hidden whatever its value');
    assert.deepEqual([masked.kind, masked.status, masked.durationMs], ['do', 'failed', 12.5]);
  });

  test('a configured field named like a key of the result hides that key whole', () => {
    const redactor = new Redactor({ fields: ['reason'] });
    redactor.addSecret(SECRET);
    const masked = maskStepResult(resultQuoting(SECRET, redactor), redactor);
    assert.equal(masked.reason, REDACTED);
    assert.deepEqual(masked, redactor.redactValue(resultQuoting(SECRET, new Redactor())));
  });

  test('a secret learned after the result was masked is masked when the result is masked again', () => {
    const redactor = new Redactor();
    const masked = maskStepResult(resultQuoting(SECRET, redactor), redactor);
    assert.ok(JSON.stringify(masked).includes(SECRET), 'not a secret yet');
    assert.equal(redactor.redactValue(masked), masked, 'marked masked: not walked again while nothing is learned');
    redactor.addSecret(SECRET);
    assert.ok(!JSON.stringify(redactor.redactValue({ steps: [masked] })).includes(SECRET));
  });
});
