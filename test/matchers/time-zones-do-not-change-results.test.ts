import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

// The time-related tests, run again in child processes under hostile time zones: a date-time
// without an offset must read as UTC and timestamps must order as instants whatever TZ says.
const FILES = [
  fileURLToPath(new URL('./timestamps-compare-as-instants.test.ts', import.meta.url)),
  fileURLToPath(new URL('../expression/dates.test.ts', import.meta.url)),
];

// UTC offsets on 2026-11-30, which the spawned file checks, so a TZ that did not take effect fails.
// (The whole suite runs under the machine's own zone, usually UTC.)
const ZONES: Array<[string, number]> = [
  ['America/Los_Angeles', -480],
  ['Asia/Kolkata', 330],
  ['Pacific/Chatham', 825],
];

describe('time-related tests under other time zones', () => {
  for (const [zone, offset] of ZONES) {
    it(`pass with TZ=${zone}`, () => {
      // NODE_TEST_CONTEXT would make the child report to this runner instead of printing TAP.
      const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...FILES], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...env, TZ: zone, REHEARSE_TEST_EXPECT_UTC_OFFSET_MINUTES: String(offset), FORCE_COLOR: '0' },
      });
      const failures = child.stdout.split('\n').filter((line) => /^\s*not ok /.test(line));
      assert.equal(child.status, 0, `TZ=${zone}: ${failures.join('\n')}\n${child.stdout.slice(-2000)}${child.stderr}`);
      assert.match(child.stdout, /^# pass [1-9]\d*$/m, 'the child ran tests');
      assert.match(child.stdout, /^# fail 0$/m);
    });
  }
});
