// Runs every test/**/*.test.ts with Node's test runner (tsx loads TypeScript).
// Node 20's --test has no glob support, so the file list is built here.
//
// scripts/run-test-files.mjs starts files in the order given, a few at a time: the longest first
// (their last known durations are in scripts/test-durations.json), so no long file starts near
// the end and leaves one slot idle. A file not in that list (a new one) starts after the files
// known to take longer than UNKNOWN_MS. Refresh the list with
// `TEST_DURATIONS_OUT=scripts/test-durations.json npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DURATIONS = 'scripts/test-durations.json';
const UNKNOWN_MS = 10_000;

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...collect(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

function knownDurations() {
  try {
    return existsSync(DURATIONS) ? JSON.parse(readFileSync(DURATIONS, 'utf8')) : {};
  } catch {
    return {};
  }
}

const filters = process.argv.slice(2);
const durations = knownDurations();
const expected = (file) => durations[file.split('\\').join('/')] ?? UNKNOWN_MS;
const files = collect('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  // Array.prototype.sort is stable: files of equal (or unknown) duration keep their path order.
  .sort((a, b) => expected(b) - expected(a));
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/run-test-files.mjs', ...files], {
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: '0' },
});
process.exit(result.status ?? 1);
