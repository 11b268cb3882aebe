// What makes a tenant different is tested, and a regression of it is caught: the high-volume
// tenant's burst of orders against its SLOs (a credit check that waits out its timeout on every
// order entry breaks order.create's p95), the regulated tenant's exempt lines and audit trail (a
// cancellation that skips its audit entry; exempt lines taxed). The real CLI against the
// embedded sandbox: each scenario passes without the defect, and fails with it, naming the cause.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const CASES = [
  {
    defect: 'credit-check-timeout',
    scenario: 'volume-burst-within-slos',
    tenant: 'high-volume',
    cause: /entry's p95 is within the tenant's SLO[\s\S]*entryP95: expected <= 5000, got \d{4,}/,
  },
  {
    defect: 'audit-skips-cancel',
    scenario: 'regulated-exempt-lines-and-audit-trail',
    tenant: 'regulated',
    cause: /ends with the cancellation[\s\S]*cancelTrail: expected length 3, got length 2/,
  },
  {
    defect: 'tax-rounding',
    scenario: 'regulated-exempt-lines-and-audit-trail',
    tenant: 'regulated',
    cause: /No tax on the exempt line[\s\S]*invoice\.tax: expected \d+, got \d+/,
  },
];

describe("tenants' traits are tested, and their regressions caught", { concurrency: 2 }, () => {
  const outputs: string[] = [];
  after(() => outputs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const output = mkdtempSync(join(tmpdir(), 'rehearse-traits-'));
    outputs.push(output);
    return runCli(['run', '--output-dir', output, '--workers', '1', '--reporter', 'list', ...args], {
      cwd: root,
      env,
      timeoutMs: 180_000,
    });
  };

  test('without a defect, the scenarios pass', async () => {
    const result = await run(['--scenario', 'volume-burst-within-slos,regulated-exempt-lines-and-audit-trail']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /2 passed/);
  });

  for (const c of CASES)
    test(`${c.defect}: ${c.scenario} fails for ${c.tenant}, naming the cause`, async () => {
      const result = await run(['--scenario', c.scenario, '--tenant', c.tenant], { SANDBOX_DEFECTS: c.defect });
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stdout, c.cause);
    });
});
