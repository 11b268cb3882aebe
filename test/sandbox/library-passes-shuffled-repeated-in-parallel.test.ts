// The shipped library's scenarios are independent: each creates or reads its own data, so the
// whole library passes in any order, with 4 workers, every test run twice at once
// (`--repeat-each 2`), through the real CLI against the embedded sandbox. The order is shuffled
// by renaming the scenario files with a seeded permutation (Playwright runs files in name order);
// the seed is printed so a failure replays.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { CHECKOUT, reportedTests } from '../helpers/report-files.js';
import { shuffled } from '../helpers/seeded-random.js';
import { tempProject } from '../helpers/temp-project.js';

const SHIPPED = [
  'rehearse.config.yaml',
  'package.json',
  'playwright.config.mjs',
  'scenarios',
  'pages',
  'tenant-profiles',
  'edi',
  'schemas',
  'virtual-services',
];

describe('the shipped library passes shuffled, repeated and in parallel', () => {
  const project = tempProject({
    'tenant-profiles/standard.yaml': null,
    'tenant-profiles/regulated.yaml': null,
    'scenarios/actions/order.yaml': null,
  });
  after(() => project.remove());

  test('every scenario × tenant passes twice, in a shuffled order, on 4 workers', async (t) => {
    for (const entry of SHIPPED) cpSync(join(CHECKOUT, entry), join(project.dir, entry), { recursive: true });
    for (const linked of ['node_modules', 'dist', 'src'])
      symlinkSync(join(CHECKOUT, linked), join(project.dir, linked));
    // This test proves independence, not speed: four workers running every test twice at once
    // share two cores with the rest of the suite, so the high-volume tenant's latency SLOs (5 s,
    // judged by volume-burst-within-slos) get room here. That the SLO check catches a slow
    // target is proven by tenant-traits-defects-are-caught (credit-check-timeout).
    const highVolume = join(project.dir, 'tenant-profiles', 'high-volume.yaml');
    const relaxed = readFileSync(highVolume, 'utf8').replace(/p95: 5s/g, 'p95: 30s');
    assert.notEqual(relaxed, readFileSync(highVolume, 'utf8'), 'the high-volume profile states its p95 SLOs');
    writeFileSync(highVolume, relaxed);
    const seed = Number(process.env.SHUFFLE_SEED ?? Math.floor(Math.random() * 2 ** 31));
    t.diagnostic(`shuffle seed ${seed} (SHUFFLE_SEED=${seed} replays this order)`);
    const scenarios = join(project.dir, 'scenarios');
    const files = readdirSync(scenarios).filter((name) => name.endsWith('.scenario.yaml'));
    const order = shuffled(files, String(seed));
    order.forEach((name, index) =>
      renameSync(join(scenarios, name), join(scenarios, `${String(index).padStart(2, '0')}-${name}`)),
    );
    t.diagnostic(`order: ${order.map((name) => name.replace('.scenario.yaml', '')).join(', ')}`);

    const list = await runCli(['list', '--format', 'json'], { cwd: project.dir });
    assert.equal(list.code, 0, list.stdout + list.stderr);
    const matrix = (JSON.parse(list.stdout) as Array<{ scenario: string; tenant: string }>).map(
      (entry) => `${entry.scenario} (${entry.tenant})`,
    );
    assert.ok(matrix.length >= 20, `the library is the whole library: ${matrix.length} tests`);

    const run = await runCli(['run', '--workers', '4', '--repeat-each', '2', '--reporter', 'json'], {
      cwd: project.dir,
      timeoutMs: 600_000,
    });
    const tests = reportedTests(join(project.dir, 'reports', 'results.json'));
    const failed = tests.filter((test) => test.status !== 'passed');
    assert.deepEqual(
      failed.map((test) => `${test.title}: ${test.status}: ${test.message.slice(0, 400)}`),
      [],
      `seed ${seed}\n${run.stderr.slice(-3000)}`,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const runs = new Map<string, number>();
    for (const test of tests) {
      const key = `${test.result.scenario} (${test.result.tenant})`;
      runs.set(key, (runs.get(key) ?? 0) + 1);
    }
    for (const cell of matrix) assert.equal(runs.get(cell), 2, `${cell} ran twice`);
    assert.equal(tests.length, matrix.length * 2);
  });
});
