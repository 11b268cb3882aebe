// The shipped `tenant-isolation` scenario (`as: regulated` inside a standard run) against the
// embedded sandbox through the real CLI: green on a healthy sandbox, and red — naming the order
// that leaked — when a release lets another tenant's order through a search or a read by id.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { reportedTests } from '../helpers/report-files.js';
import { runCli } from '../helpers/run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the shipped tenant-isolation scenario', () => {
  const outputs: string[] = [];
  after(() => outputs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const run = async (defects: string) => {
    const output = mkdtempSync(join(tmpdir(), 'rehearse-isolation-'));
    outputs.push(output);
    const result = await runCli(
      ['run', '--scenario', 'tenant-isolation', '--output-dir', output, '--reporter', 'line,json'],
      { cwd: root, env: { SANDBOX_DEFECTS: defects }, timeoutMs: 180_000 },
    );
    return { ...result, tests: reportedTests(join(output, 'results.json')) };
  };

  test('passes on a healthy sandbox, once, as standard borrowing regulated', async () => {
    const result = await run('');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(
      result.tests.map((t) => [t.result.tenant, t.status]),
      [['standard', 'passed']],
    );
    const titles = result.tests[0]!.result.steps.map((s) => s.title);
    assert.ok(titles.includes('Regulated cannot read, find or change it'), titles.join(' | '));
  });

  test('fails with the leaked order named when a search forgets the tenant (tenant-leak-search)', async () => {
    const result = await run('tenant-leak-search');
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const message = result.tests[0]?.message ?? '';
    assert.match(message, /A search by its PO number finds none of standard's orders/);
    assert.match(message, /"id":"SO-\d{6}"/);
    assert.match(message, /"poNumber":"ISO-/);
  });

  test('fails at the read by id when a read forgets the tenant (tenant-leak)', async () => {
    const result = await run('tenant-leak');
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const message = result.tests[0]?.message ?? '';
    assert.match(message, /By id the order does not exist for regulated/);
    assert.match(message, /status: expected 404, got 200/);
  });
});
