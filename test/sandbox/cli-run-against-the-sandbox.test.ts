import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('`rehearse run` against the embedded sandbox (the shipped project)', () => {
  const outputs: string[] = [];
  after(() => outputs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const output = mkdtempSync(join(tmpdir(), 'rehearse-e2e-'));
    outputs.push(output);
    return runCli(['run', '--output-dir', output, '--workers', '2', ...args], {
      cwd: root,
      env,
      timeoutMs: 180_000,
    }).then((result) => ({ ...result, output }));
  };

  test('starts the sandbox and the virtual partners, runs order-to-cash for every tenant profile, and passes', async () => {
    const result = await run(['--scenario', 'order-to-cash', '--driver', 'api']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /Starting the embedded sandbox/);
    assert.match(result.stdout, /4 passed/);
    const junit = readFileSync(join(result.output, 'junit.xml'), 'utf8');
    assert.match(junit, /tests="4"/);
    assert.match(junit, /failures="0"/);
    assert.ok(existsSync(join(result.output, 'html', 'index.html')));
  });

  test('--driver ui --tag smoke: every smoke scenario through the screens, for every tenant profile, passes', async () => {
    const result = await run(['--driver', 'ui', '--tag', 'smoke', '--reporter', 'list,junit,json']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const report = JSON.parse(readFileSync(join(result.output, 'results.json'), 'utf8')) as {
      suites: Array<{ specs: Array<{ title: string; file: string; tags: string[] }>; suites?: unknown[] }>;
    };
    const tests: Array<{ title: string; file: string; tags: string[] }> = [];
    const walk = (suite: { specs?: Array<{ title: string; file: string; tags: string[] }>; suites?: unknown[] }) => {
      tests.push(...(suite.specs ?? []));
      for (const child of suite.suites ?? []) walk(child as typeof suite);
    };
    report.suites.forEach(walk);
    const tenants = readdirSync(join(root, 'tenant-profiles')).length;
    const smokeUi = ['order-to-cash', 'backorder-and-cancel', 'order-validation'];
    for (const scenario of smokeUi) {
      const runs = tests.filter((t) => t.file === `scenarios/${scenario}.scenario.yaml`);
      assert.equal(runs.length, tenants, `${scenario} ran once per tenant: ${tests.map((t) => t.title).join('\n')}`);
    }
    assert.ok(tests.length > 0 && tests.every((t) => t.tags.includes('driver:ui') && t.tags.includes('smoke')));
    const junit = readFileSync(join(result.output, 'junit.xml'), 'utf8');
    assert.match(junit, /failures="0"/);
    assert.match(junit, /errors="0"/);
  });

  test('a broken release (the oversell defect) fails the concurrent-allocation scenario with exit 1', async () => {
    const result = await run(['--scenario', 'concurrent-allocation', '--tenant', 'standard'], {
      SANDBOX_DEFECTS: 'oversell',
    });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /Nothing is reserved beyond what is on hand/);
    assert.match(result.stdout, /stockAfter\[0\]\.(available|allocated)/);
  });

  test('virtual and virtual.expect: a carrier outage mid-scenario is retried, and the journal counts the requests', async () => {
    const result = await run(['--scenario', 'carrier-outage-recovers']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const report = readFileSync(join(result.output, 'junit.xml'), 'utf8');
    assert.match(report, /tests="1"/);
    assert.match(report, /failures="0"/);
  });

  test('edi.send and edi.expect: an 850 through the VAN comes back as 997, 855, 856 and 810', async () => {
    const result = await run(['--scenario', 'edi-order-to-asn']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  test('a broken release (the asn-wrong-quantity defect) fails edi-order-to-asn at the ASN, quoting the query', async () => {
    const result = await run(['--scenario', 'edi-order-to-asn'], { SANDBOX_DEFECTS: 'asn-wrong-quantity' });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /at step: The ASN carries what was shipped/);
    assert.match(result.stdout, /sum\(SN1\[\*\]\.02\): expected 8, got 9/);
    assert.match(result.stdout, /856 received by TP-BIGBOX/, 'the received ASN is attached as readable text');
  });

  test('a broken release (the silent-job-drop defect) fails label-outage-is-visible: the job claims success', async () => {
    const healthy = await run(['--scenario', 'label-outage-is-visible']);
    assert.equal(healthy.code, 0, healthy.stdout + healthy.stderr);
    const broken = await run(['--scenario', 'label-outage-is-visible'], { SANDBOX_DEFECTS: 'silent-job-drop' });
    assert.equal(broken.code, 1, broken.stdout + broken.stderr);
    assert.match(broken.stdout, /job\.status: expected "failed", got "succeeded"/);
  });

  test('a broken release (the double-charge defect) fails payment-retry-charges-once on the idempotency key', async () => {
    const healthy = await run(['--scenario', 'payment-retry-charges-once']);
    assert.equal(healthy.code, 0, healthy.stdout + healthy.stderr);
    const broken = await run(['--scenario', 'payment-retry-charges-once'], { SANDBOX_DEFECTS: 'double-charge' });
    assert.equal(broken.code, 1, broken.stdout + broken.stderr);
    assert.match(broken.stdout, /at step: No authorization for this invoice under another key/);
    assert.match(broken.stdout, /expected exactly 0, got 1/);
  });

  test('faults a scenario injects reach only its own work: order-to-cash of the same tenant, run alongside, still gets its label', async () => {
    const result = await run([
      '--scenario',
      'label-outage-is-visible',
      '--scenario',
      'order-to-cash',
      '--tenant',
      'standard',
      '--driver',
      'api',
      '--workers',
      '2',
    ]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /2 passed/);
  });
});
