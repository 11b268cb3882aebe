// A mistake on the command line is printed like every other Rehearse error — a code, the message,
// a hint (with Commander's did-you-mean) — exits 2, and is JSON when the command line asks for JSON.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'rehearse-usage-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('command-line mistakes', () => {
  test('an unknown option names the code, the did-you-mean and where the options are listed', async () => {
    const result = await runCli(['validate', '--evn', 'staging'], { cwd: scratch });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /^error REHEARSE_USAGE: Unknown option '--evn'\.\n {2}hint: Did you mean --env\? Run `rehearse validate --help` for the options\.\n$/,
    );
  });

  test('an unknown command points at the command list', async () => {
    const result = await runCli(['valdate'], { cwd: scratch });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /error REHEARSE_USAGE: Unknown command 'valdate'\./);
    assert.match(result.stderr, /Did you mean validate\? Run `rehearse --help` for the commands and options\./);
  });

  for (const args of [
    ['validate', '--format', 'json', '--bogus'],
    ['list', '--format=json', '--tenant'],
    ['edi', 'validate', '--format', 'json', '--strict'],
  ])
    test(`with --format json the mistake is JSON on stdout: rehearse ${args.join(' ')}`, async () => {
      const result = await runCli(args, { cwd: scratch });
      assert.equal(result.code, 2);
      assert.equal(result.stderr, '');
      const parsed = JSON.parse(result.stdout) as { error: { code: string; message: string; hint: string } };
      assert.equal(parsed.error.code, 'REHEARSE_USAGE');
      assert.match(parsed.error.message, /^(Unknown option|Option) '--/);
      assert.match(parsed.error.hint, /--help/);
    });

  test('-C naming a missing directory or a file is one clear problem, not "no scenarios"', async () => {
    const missing = await runCli(['-C', join(scratch, 'nope'), 'run'], { cwd: scratch });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /REHEARSE_PROJECT_DIR/);
    assert.match(missing.stderr, /nope: it does not exist\./);
    assert.doesNotMatch(missing.stderr, /REHEARSE_NO_SCENARIOS/);

    writeFileSync(join(scratch, 'rehearse.config.yaml'), 'environments: {}\n');
    const file = await runCli(['-C', join(scratch, 'rehearse.config.yaml'), 'validate', '--format', 'json'], {
      cwd: scratch,
    });
    assert.equal(file.code, 2);
    const parsed = JSON.parse(file.stdout) as { valid: boolean; problems: Array<{ code: string; message: string }> };
    assert.equal(parsed.valid, false);
    assert.deepEqual(
      parsed.problems.map((p) => p.code),
      ['REHEARSE_PROJECT_DIR'],
    );
    assert.match(parsed.problems[0]!.message, /it is a file, not a directory/);
  });
});
