import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { ediAckCommand, ediValidateCommand } from '../../src/edi/cli-commands.js';
import { buildX12, createControlNumbers, parseX12 } from '../../src/edi/index.js';
import { FIXTURES_DIR, SAMPLES_DIR, specFor } from './sample-specs.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-edi-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const sample = (name: string): string => fileURLToPath(new URL(name, SAMPLES_DIR));
const valid850 = write(
  'po.edi',
  buildX12(specFor('850'), { controlNumbers: createControlNumbers({ interchange: 3, group: 3, set: 3 }) }),
);
const now = new Date('2026-11-22T12:00:00Z');

describe('ediValidateCommand', () => {
  it('exits 0 for a valid file and prints a summary', async () => {
    const { output, exitCode } = await ediValidateCommand({ file: valid850 });
    assert.equal(exitCode, 0);
    assert.match(output, /X12, 1 interchange, 1 functional group, 1 transaction set \(850×1\)/);
    assert.match(output, /valid: no problems found/);
  });

  it('exits 1 with position, code and message for each defect, and a code frame', async () => {
    const file = sample('olmelabs__EdiEngine__WrongGroupsAndTranCount.edi');
    const { output, exitCode } = await ediValidateCommand({ file });
    assert.equal(exitCode, 1);
    assert.match(output, /WrongGroupsAndTranCount\.edi:8:4 error EDI_GE01_MISMATCH/);
    assert.match(output, /GE01 says 2 transaction set\(s\) but group 3314 holds 1/);
    assert.match(output, /\.edi:9:7 error EDI_IEA02_MISMATCH/);
    assert.match(output, />\s+8 \| GE\*2\*3314/);
    assert.match(output, /3 error\(s\)/);
  });

  it('prints JSON with problems, counts and a summary', async () => {
    const { output, exitCode } = await ediValidateCommand({
      file: sample('olmelabs__EdiEngine__AckTest.edi'),
      format: 'json',
    });
    assert.equal(exitCode, 1);
    const report = JSON.parse(output);
    assert.equal(report.standard, 'X12');
    assert.equal(report.valid, false);
    assert.equal(report.errors, 2);
    assert.deepEqual(report.summary, { interchanges: 1, groups: 2, sets: 3, types: { '940': 3 } });
    assert.deepEqual(
      report.problems.map((p: { code: string; line: number }) => [p.code, p.line]),
      [
        ['EDI_ELEMENT_MISSING', 18],
        ['EDI_ELEMENT_TOO_LONG', 25],
      ],
    );
  });

  it('exits 2 for a missing file, a directory and a file that is not EDI', async () => {
    const missing = await ediValidateCommand({ file: join(dir, 'nope.edi') });
    assert.equal(missing.exitCode, 2);
    assert.match(missing.output, /Failed to read .*nope\.edi: the file does not exist\./);
    assert.equal((await ediValidateCommand({ file: dir })).exitCode, 2);
    const notEdi = await ediValidateCommand({ file: sample('olmelabs__EdiEngine__NonEdi.edi'), format: 'json' });
    assert.equal(notEdi.exitCode, 2);
    assert.equal(JSON.parse(notEdi.output).problems[0].code, 'EDI_NOT_X12');
  });

  it('validates EDIFACT files too', async () => {
    const ok = await ediValidateCommand({ file: fileURLToPath(new URL('orders.edifact', FIXTURES_DIR)) });
    assert.equal(ok.exitCode, 0);
    assert.match(ok.output, /EDIFACT, 1 interchange, 1 message \(ORDERS×1\)/);
    const bad = write('bad.edifact', "UNB+UNOC:3+A+B+261122:1200+9'UNH+1+ORDERS:D:96A:UN'BGM+220+X'UNT+9+1'UNZ+1+9'");
    const result = await ediValidateCommand({ file: bad, format: 'json' });
    assert.equal(result.exitCode, 1);
    assert.deepEqual(
      JSON.parse(result.output).problems.map((p: { code: string }) => p.code),
      ['EDI_EDIFACT_UNT01_MISMATCH'],
    );
  });

  it('leaves out the code frame for one-line files', async () => {
    const oneLine = write(
      'one-line.edi',
      buildX12(specFor('850', { delimiters: { lineBreak: '' } })).replace(/SE\*12\*/, 'SE*11*'),
    );
    const { output, exitCode } = await ediValidateCommand({ file: oneLine });
    assert.equal(exitCode, 1);
    assert.match(output, /one-line\.edi:1:\d+ error EDI_SE01_MISMATCH/);
    assert.ok(!output.includes(' | ISA*'));
  });
});

describe('ediAckCommand', () => {
  it('prints the 997 and exits 0 when everything is accepted', async () => {
    const { output, exitCode } = await ediAckCommand({
      file: valid850,
      controlNumbers: createControlNumbers({ interchange: 9 }),
      now,
    });
    assert.equal(exitCode, 0);
    const ack = parseX12(output).interchanges[0]!;
    assert.equal(ack.controlNumber, '000000009');
    assert.equal(ack.groups[0]!.sets[0]!.id, '997');
  });

  it('exits 1 when a set is rejected, with the verdicts as JSON', async () => {
    const { output, exitCode } = await ediAckCommand({
      file: sample('olmelabs__EdiEngine__AckTest.edi'),
      format: 'json',
      now,
    });
    assert.equal(exitCode, 1);
    const report = JSON.parse(output);
    assert.deepEqual(
      report.acknowledgments[0].groups.map((g: { status: string }) => g.status),
      ['P', 'R'],
    );
    assert.match(report.acknowledgments[0].text, /AK5\*R\*5/);
  });

  it('says there is nothing to acknowledge for a 997, and exits 2 for EDIFACT or garbage', async () => {
    const first = await ediAckCommand({ file: valid850, now });
    const ackFile = write('ack.edi', first.output);
    const again = await ediAckCommand({ file: ackFile });
    assert.equal(again.exitCode, 0);
    assert.match(again.output, /nothing to acknowledge: .*never acknowledged/);
    assert.equal((await ediAckCommand({ file: fileURLToPath(new URL('orders.edifact', FIXTURES_DIR)) })).exitCode, 2);
    assert.equal((await ediAckCommand({ file: sample('olmelabs__EdiEngine__NonEdi.edi') })).exitCode, 2);
  });
});
