// `rehearse edi <cmd> --format json`, the real CLI as a child process: whatever the verdict,
// stdout is one JSON document and stderr is empty; the exit code alone carries the verdict.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES_DIR, SAMPLES_DIR } from './sample-specs.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-edi-json-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const sample = (name: string): string => fileURLToPath(new URL(name, SAMPLES_DIR));
const fixture = (name: string): string => fileURLToPath(new URL(name, FIXTURES_DIR));

const emptyGs02 = write(
  'empty-gs02.edi',
  [
    'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261122*1200*U*00401*000000001*0*T*>',
    'GS*PO**RECEIVER*20261122*1200*1*X*004010',
    'ST*850*0001',
    'BEG*00*SA*PO1**20261122',
    'CTT*0',
    'SE*4*0001',
    'GE*1*1',
    'IEA*1*000000001',
    '',
  ].join('~\n'),
);

// [name, args, expected exit code, what the JSON must say]
const CASES: Array<[string, string[], number, (report: Record<string, unknown>) => void]> = [
  [
    'validate, a valid file',
    ['validate', sample('olmelabs__EdiEngine__850.OK.edi')],
    0,
    (r) => assert.equal(r.valid, true),
  ],
  [
    'validate, a defective file',
    ['validate', sample('olmelabs__EdiEngine__WrongGroupsAndTranCount.edi')],
    1,
    (r) => assert.equal(r.valid, false),
  ],
  [
    'validate, not EDI',
    ['validate', sample('olmelabs__EdiEngine__NonEdi.edi')],
    2,
    (r) => assert.equal(r.valid, false),
  ],
  [
    'validate, a missing file',
    ['validate', join(dir, 'nope.edi')],
    2,
    (r) => assert.match(JSON.stringify(r.error), /does not exist/),
  ],
  [
    'validate, no file given',
    ['validate'],
    2,
    (r) => {
      assert.equal(r.file, null);
      assert.match(JSON.stringify(r.error), /no file was given/);
    },
  ],
  ['validate, EDIFACT', ['validate', fixture('orders.edifact')], 0, (r) => assert.equal(r.standard, 'EDIFACT')],
  [
    'ack, a valid file',
    ['ack', sample('olmelabs__EdiEngine__850.OK.edi')],
    0,
    (r) => assert.ok(Array.isArray(r.acknowledgments)),
  ],
  [
    'ack, a rejected file',
    ['ack', sample('olmelabs__EdiEngine__AckTest.edi')],
    1,
    (r) => assert.ok(Array.isArray(r.acknowledgments)),
  ],
  [
    'ack, an empty GS02',
    ['ack', emptyGs02],
    1,
    (r) => {
      const problems = r.problems as Array<{ code: string; path?: string }>;
      assert.ok(
        problems.some((p) => p.code === 'EDI_ELEMENT_MISSING' && /GS02$/.test(p.path ?? '')),
        JSON.stringify(problems),
      );
      assert.match(JSON.stringify(r.acknowledgments), /GS\*FA\*RECEIVER\*SENDER\*/);
    },
  ],
  ['ack, EDIFACT', ['ack', fixture('orders.edifact')], 2, (r) => assert.match(JSON.stringify(r.error), /EDIFACT/)],
  ['ack, a directory', ['ack', dir], 2, (r) => assert.match(JSON.stringify(r.error), /directory/)],
  ['ack, no file given', ['ack'], 2, (r) => assert.match(JSON.stringify(r.error), /no file was given/)],
];

describe('edi --format json writes JSON to stdout whatever the verdict', () => {
  for (const [name, args, exitCode, check] of CASES) {
    it(`${name}: exit ${exitCode}, JSON on stdout, nothing on stderr`, async () => {
      const result = await runCli(['edi', ...args, '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
      assert.equal(result.stderr, '');
      const report = JSON.parse(result.stdout) as Record<string, unknown>;
      check(report);
      assert.equal(result.code, exitCode, result.stdout);
    });
  }

  it('text output still goes to stderr for an unreadable file (exit 2)', async () => {
    const result = await runCli(['edi', 'validate', join(dir, 'nope.edi')], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Failed to read .*nope\.edi: the file does not exist\./);
  });
});
