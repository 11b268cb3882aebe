// Every regular expression Rehearse applies to user text — the patterns of the file schemas
// (http line, durations, names, expressions, secret references …) and those of the loader and
// EDI queries — is matched against long adversarial inputs (50,000 characters of each unit
// after each prefix, ending in a character no pattern accepts). One quadratic pattern takes
// seconds per input; all of them together, linear, take well under the CPU bound.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { schemaPatterns } from './regex-audit.js';

const CHILD = fileURLToPath(new URL('./fuzz/regex-audit-child.ts', import.meta.url));
const MAX_CPU_MS = 20_000;

test('the audit covers the schema patterns that matter', () => {
  const patterns = schemaPatterns();
  assert.ok(
    patterns.some((p) => p.startsWith('^(GET|POST')),
    'the http line',
  );
  assert.ok(
    patterns.some((p) => p.includes('(ms|s|m|h)')),
    'durations',
  );
  assert.ok(
    patterns.some((p) => p.includes('\\{\\{')),
    '{{ expressions }}',
  );
  assert.ok(patterns.length >= 15, `${patterns.length} patterns`);
});

test('no pattern backtracks on long input (bounded by CPU, in a child process)', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CHILD, '50000'], {
    encoding: 'utf8',
    timeout: 180_000,
    killSignal: 'SIGKILL',
  });
  assert.equal(result.status, 0, `killed or failed (a hang?): ${result.stderr.slice(0, 2000)}`);
  const report = JSON.parse(result.stdout.trim().split('\n').pop()!) as {
    matches: number;
    cpuMs: number;
    worst: { ms: number; where: string };
  };
  console.log(
    `${report.matches} matches in ${report.cpuMs.toFixed(0)} ms of CPU; slowest ${report.worst.ms.toFixed(1)} ms: ${report.worst.where}`,
  );
  assert.ok(report.matches > 5000);
  assert.ok(report.cpuMs < MAX_CPU_MS, `${report.cpuMs} ms of CPU; slowest: ${report.worst.where}`);
});
