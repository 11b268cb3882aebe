// The rules that put a failed scenario in an Allure category, one case per rule, read from the
// same ScenarioResult the run attaches; and the label mapping of a test's annotations and tags.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScenarioResult, StepResult } from '../../src/engine/results.js';
import { ALLURE_CATEGORIES, classifyFailure } from '../../src/playwright/reporters/allure-categories.js';
import { allureLabels } from '../../src/playwright/reporters/allure-labels.js';

function step(overrides: Partial<StepResult>): StepResult {
  return {
    kind: 'http',
    title: 'GET /api/v1/orders/1',
    status: 'failed',
    startedAt: '2026-12-04T00:00:00.000Z',
    durationMs: 5,
    checks: [],
    exchanges: [],
    ...overrides,
  };
}

function scenario(steps: StepResult[], extra: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    scenario: 's',
    title: 's',
    file: 'scenarios/s.scenario.yaml',
    workflow: 'other',
    tenant: 'standard',
    driver: 'api',
    traceId: '0'.repeat(32),
    runId: 'r',
    seed: '1',
    status: steps.some((s) => s.status === 'errored') ? 'errored' : 'failed',
    startedAt: '2026-12-04T00:00:00.000Z',
    durationMs: 10,
    steps,
    cleanup: [],
    ...extra,
  };
}

const failedCheck = {
  path: 'body.status',
  matcher: 'eq',
  expected: 'open',
  actual: 'closed',
  passed: false,
  message: 'x',
};
const exchange = (status: number) => ({
  request: { method: 'POST', url: 'http://t/api/v1/shipments', headers: {} },
  response: { status, headers: {} },
  timings: { startedAt: '2026-12-04T00:00:00.000Z', totalMs: 3 },
  attempts: 1,
  traceparent: '00-x',
});

describe('classifyFailure: the first rule that applies names the category', () => {
  const cases: Array<[string, ScenarioResult | undefined, string, string]> = [
    ['a check that did not hold', scenario([step({ checks: [failedCheck] })]), 'failed', 'product-defect'],
    [
      'a check inside an eventually block (the deepest failing step counts)',
      scenario([step({ kind: 'eventually', children: [step({ checks: [failedCheck] })] })]),
      'failed',
      'product-defect',
    ],
    [
      'an eventually that never held, said as an error',
      scenario([step({ status: 'errored', error: { code: 'REHEARSE_EVENTUALLY_TIMEOUT', message: 'x' } })]),
      'failed',
      'product-defect',
    ],
    [
      'a 500 the step did not ask for',
      scenario([
        step({ checks: [{ ...failedCheck, path: 'status', matcher: 'failOnStatusCode' }], exchanges: [exchange(500)] }),
      ]),
      'failed',
      'product-defect',
    ],
    [
      'the target refused the connection',
      scenario([step({ status: 'errored', error: { code: 'REHEARSE_CONNECTION_REFUSED', message: 'x' } })]),
      'failed',
      'partner-or-environment-fault',
    ],
    [
      'a gateway answered 503',
      scenario([step({ checks: [{ ...failedCheck, path: 'status' }], exchanges: [exchange(503)] })]),
      'failed',
      'partner-or-environment-fault',
    ],
    [
      'a virtual partner answered with an injected fault',
      scenario([step({ checks: [failedCheck] })], { faultsInjected: { carrier: 2, tax: 0 } }),
      'failed',
      'partner-or-environment-fault',
    ],
    [
      'an expression error, even with faults injected',
      scenario([step({ status: 'errored', error: { code: 'REHEARSE_EXPR_TYPE', message: 'x' } })], {
        faultsInjected: { carrier: 1 },
      }),
      'failed',
      'scenario-error',
    ],
    [
      'vars that cannot be evaluated',
      scenario([step({ kind: 'vars', status: 'errored', error: { code: 'REHEARSE_VARS_FAILED', message: 'x' } })]),
      'failed',
      'scenario-error',
    ],
    ['a test that timed out before reporting', undefined, 'timedOut', 'partner-or-environment-fault'],
    ['a test that reported nothing', undefined, 'failed', 'scenario-error'],
  ];
  for (const [what, result, status, category] of cases)
    test(what, () => assert.equal(classifyFailure(result, status).category, category));

  test('in a scenario tagged resilience the faults are its premise: a check that failed is a product defect', () => {
    const coped = scenario(
      [
        step({ kind: 'virtual', title: 'virtual carrier: profile outage for the scenario', status: 'passed' }),
        step({ checks: [failedCheck] }),
      ],
      { faultsInjected: { carrier: 4 } },
    );
    assert.deepEqual(classifyFailure(coped, 'failed', ['@resilience', '@shipment']), {
      category: 'product-defect',
      reason: "check body.status (eq) did not hold under the scenario's own faults: carrier ×4",
    });
    // An error still says what it is, and the same result untagged is the partner's doing.
    const errored = scenario(
      [step({ status: 'errored', error: { code: 'REHEARSE_CONNECTION_REFUSED', message: 'x' } })],
      {
        faultsInjected: { carrier: 1 },
      },
    );
    assert.equal(classifyFailure(errored, 'failed', ['@resilience']).category, 'partner-or-environment-fault');
    assert.equal(classifyFailure(coped, 'failed', ['@shipment']).category, 'partner-or-environment-fault');
  });

  test('the reason names the partners whose faults fired', () => {
    const { reason } = classifyFailure(
      scenario([step({ checks: [failedCheck] })], { faultsInjected: { carrier: 3 } }),
      'failed',
    );
    assert.equal(reason, 'virtual partners answered with injected faults: carrier ×3');
  });

  test('every category regex matches its own mark and no other', () => {
    const marks = ['[product defect] x\ny', '[partner or environment fault] x\ny', '[scenario error] x\ny'];
    for (const [i, category] of ALLURE_CATEGORIES.entries())
      assert.deepEqual(
        marks.map((m) => new RegExp(`^(?:${category.messageRegex})$`).test(m)),
        marks.map((_, j) => i === j),
        category.name,
      );
  });
});

describe('allureLabels: annotations and tags to Allure labels and parameters', () => {
  test('a scenario test gets epic, feature, stories, severity, owner, tags, its tenant as parent suite, suite, and its tenant and driver', () => {
    const { labels, parameters } = allureLabels({
      annotations: [
        { type: 'scenario', description: 'scenarios/o.scenario.yaml' },
        { type: 'workflow', description: 'order-to-cash' },
        { type: 'severity', description: 'critical' },
        { type: 'owner', description: 'team-orders' },
        { type: 'driver', description: 'ui' },
        { type: 'tenant', description: 'regulated' },
        { type: 'action', description: 'order.create' },
        { type: 'action', description: 'order.ship' },
        { type: 'traceId', description: 'abc' },
      ],
      tags: ['@smoke', '@tenant:regulated', '@driver:ui', '@phase:setup', '@edi'],
      scenarioName: 'order-flow',
    });
    assert.deepEqual(labels, [
      { name: 'epic', value: 'order-to-cash' },
      { name: 'feature', value: 'order-flow' },
      { name: 'story', value: 'order.create' },
      { name: 'story', value: 'order.ship' },
      { name: 'severity', value: 'critical' },
      { name: 'owner', value: 'team-orders' },
      { name: 'tag', value: 'smoke' },
      { name: 'tag', value: 'edi' },
      { name: 'parentSuite', value: 'regulated' },
      { name: 'suite', value: 'scenarios/o.scenario.yaml' },
      { name: 'package', value: 'scenarios.o.scenario.yaml' },
    ]);
    assert.deepEqual(parameters, [
      { name: 'tenant', value: 'regulated' },
      { name: 'driver', value: 'ui' },
    ]);
  });

  test('a plain Playwright test (no workflow annotation) gets nothing from Rehearse', () => {
    assert.deepEqual(
      allureLabels({ annotations: [{ type: 'issue', description: 'X-1' }], tags: ['@a'], scenarioName: 'x' }),
      {
        labels: [],
        parameters: [],
      },
    );
  });
});
