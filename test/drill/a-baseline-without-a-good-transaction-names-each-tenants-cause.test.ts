// A baseline with no good transaction ends the drill (target-down, exit 3), but "not ready" is
// one cause among several: a failing check (a product defect) or a 401 from stale credentials
// leaves it empty too. The log names each tenant's first failure and what the target answered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDrill, type DrillPorts } from '../../src/drill/index.js';
import type { LoadedDrill } from '../../src/loader/load-drill.js';

test('a baseline without a good transaction prints, per tenant, its first failure’s cause', async () => {
  const lines: string[] = [];
  const ports: DrillPorts = {
    transact: async ({ tenant }) =>
      tenant === 'standard'
        ? { passed: false, failure: 'login: check status (eq)', cause: '401 UNAUTHENTICATED: token expired', saved: {} }
        : { passed: false, failure: 'order.create: check body.total (eq)', cause: '201', saved: {} },
    read: async () => ({ error: 'unused' }),
    log: (line) => lines.push(line),
  };
  const loaded: LoadedDrill = {
    file: 'drills/d.drill.yaml',
    drill: {
      drill: 'd',
      traffic: { scenarios: ['order-to-cash'], every: '100ms', timeout: '2s' },
      baseline: '500ms',
      phases: [{ name: 'release', kind: 'release', operation: { run: 'true' } }],
      settle: '0s',
    },
    thresholds: [],
    phaseLocations: ['drills/d.drill.yaml:5:5'],
  };
  const results = await runDrill({
    loaded,
    ports,
    tenants: ['standard', 'high-volume'],
    environment: { name: 'test', baseUrl: 'http://127.0.0.1:9', allowedHosts: ['127.0.0.1'] },
    operationEnv: {},
    redact: (text) => text,
    signal: new AbortController().signal,
  });
  assert.equal(results.status, 'target-down');
  const log = lines.join('\n');
  assert.match(log, /No good transaction for standard, high-volume during the 0\.5s baseline: no phase ran/);
  assert.match(log, /standard: \d+ failed; the first: login: check status \(eq\) — 401 UNAUTHENTICATED: token expired/);
  assert.match(log, /high-volume: \d+ failed; the first: order\.create: check body\.total \(eq\) — 201/);
  assert.doesNotMatch(log, /not ready/);
});
