// Non-ASCII characters and trailing element separators are warnings — never errors, never
// silent — each with its segment, element, line, column and offset. Inputs: EdiEngine's real
// 850 with the damage real partners send (a UTF-8 "é", a Latin-1 byte, "N1*ST*ACME**").
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { validateX12 } from '../../src/edi/index.js';
import { runCli } from '../helpers/run-cli.js';
import { SAMPLES_DIR } from './sample-specs.js';

const real850 = readFileSync(new URL('olmelabs__EdiEngine__850.OK.edi', SAMPLES_DIR), 'utf8');
const warnings = (text: string) =>
  validateX12(text, { file: 'po.edi' }).problems.filter((p) => p.severity === 'warning');
const dir = mkdtempSync(join(tmpdir(), 'rehearse-edi-chars-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('non-ASCII characters', () => {
  it('a UTF-8 "é" in N102 is a warning at its line, column and offset; the file stays valid', () => {
    const text = real850.replace('N1*ST*XYZ RETAIL*', 'N1*ST*XYZ RÉTAIL CAFé*');
    const result = validateX12(text, { file: 'po.edi' });
    assert.equal(result.valid, true);
    const [warning, ...rest] = warnings(text);
    assert.deepEqual(rest, []);
    assert.equal(warning?.code, 'EDI_NON_ASCII_CHARACTER');
    const offset = text.indexOf('É');
    assert.deepEqual([warning?.file, warning?.line, warning?.column], ['po.edi', 12, 12]);
    assert.equal(text.split('\n')[11]![11], 'É');
    assert.deepEqual(
      [warning?.location?.segmentId, warning?.location?.element, warning?.location?.segmentPosition],
      ['N1', 2, 10],
    );
    assert.equal(
      warning?.message,
      `N102 holds 2 character(s) outside ASCII, the first "É" (U+00C9) at line 12, column 12 (offset ${offset}).`,
    );
  });

  it('a Latin-1 byte read as UTF-8 is named as such (real CLI, exit 0, JSON on stdout)', async () => {
    const bytes = Buffer.from(real850.replace('SMALL WIDGET', 'SMALL WIDGET X'), 'latin1');
    bytes[bytes.indexOf('WIDGET X') + 7] = 0xe9; // "é" in Latin-1: not UTF-8
    const file = join(dir, 'latin1.edi');
    writeFileSync(file, bytes);
    const result = await runCli(['edi', 'validate', file, '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(result.code, 0, result.stdout);
    const report = JSON.parse(result.stdout) as {
      warnings: number;
      problems: Array<{ code: string; line: number; message: string; hint: string }>;
    };
    assert.equal(report.warnings, 1);
    const [warning] = report.problems;
    assert.equal(warning?.code, 'EDI_NON_ASCII_CHARACTER');
    assert.equal(warning?.line, 16);
    assert.match(
      warning!.message,
      /PID05 holds 1 character\(s\) outside ASCII, the first U\+FFFD \(bytes that are not UTF-8\)/,
    );
    assert.match(warning!.hint, /Latin-1 or Windows-1252/);
  });
});

describe('trailing separators', () => {
  it('"N1*ST*XYZ RETAIL*9*0003947268292**" warns at the first trailing separator', () => {
    const text = real850.replace('N1*ST*XYZ RETAIL*9*0003947268292', 'N1*ST*XYZ RETAIL*9*0003947268292**');
    assert.equal(validateX12(text).valid, true);
    const [warning, ...rest] = warnings(text);
    assert.deepEqual(rest, []);
    assert.equal(warning?.code, 'EDI_TRAILING_SEPARATOR');
    const line = text.split('\n')[11]!;
    assert.deepEqual([warning?.line, warning?.column], [12, line.indexOf('**') + 1]);
    assert.equal(warning?.location?.element, 5);
    assert.match(
      warning!.message,
      /^N1 ends with 2 empty element\(s\) \(trailing separators\) at line 12, column 33 \(offset \d+\)\.$/,
    );
  });

  it('GS, GE, SE and IEA are checked too; the ISA, fixed-width, is not', () => {
    const text = real850.replace('*X*004010\n', '*X*004010*\n').replace(/\nIEA\*([^\n]*)/, '\nIEA*$1*');
    assert.deepEqual(
      warnings(text).map((w) => [w.code, w.location?.segmentId]),
      [
        ['EDI_TRAILING_SEPARATOR', 'GS'],
        ['EDI_TRAILING_SEPARATOR', 'IEA'],
      ],
    );
  });

  it('no warning for the real files as they are', () => {
    assert.deepEqual(warnings(real850), []);
  });
});
