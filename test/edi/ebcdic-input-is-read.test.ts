// EBCDIC input: X12 from mainframes arrives in code page 037. `rehearse edi` detects it by the
// bytes of "ISA" and reads it; text that was decoded as if it were ASCII is named as EBCDIC.
// The fixtures are real third-party files (EdiEngine's 850, node-x12's 856) encoded by
// Python's cp037 codec — an encoder that is not ours.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { decodeEbcdic037, isEbcdicX12, parseX12, validateX12 } from '../../src/edi/index.js';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES_DIR, SAMPLES_DIR } from './sample-specs.js';

const bytes = (name: string, dir = FIXTURES_DIR): Buffer => readFileSync(new URL(name, dir));
const ebcdic850 = bytes('850-ebcdic-037.edi');
const ascii850 = bytes('olmelabs__EdiEngine__850.OK.edi', SAMPLES_DIR).toString('utf8');

describe('EBCDIC (code page 037) input', () => {
  it('decodes every byte as IBM code page 037 does (Python cp037), NL read as a line feed', () => {
    const reference = JSON.parse(readFileSync(new URL('cp037-python-codec.json', FIXTURES_DIR), 'utf8')) as string;
    const ours = decodeEbcdic037(Uint8Array.from({ length: 256 }, (_, i) => i));
    const differ = [...ours].flatMap((ch, i) => (ch === reference[i] ? [] : [i.toString(16)]));
    assert.deepEqual(differ, ['15']);
    assert.equal(ours[0x15], '\n');
  });

  it('detects EBCDIC by its "ISA" and never takes ASCII X12 for it', () => {
    assert.equal(isEbcdicX12(ebcdic850), true);
    assert.equal(isEbcdicX12(Buffer.from(ascii850)), false);
    assert.equal(isEbcdicX12(Buffer.from([0x40, 0x25, 0xc9, 0xe2, 0xc1, 0x5c])), true);
    assert.equal(isEbcdicX12(Buffer.from([0xc9, 0xe2])), false);
  });

  it('reads the EBCDIC 850 to the same text, and the same verdict, as the ASCII original', () => {
    const text = decodeEbcdic037(ebcdic850);
    assert.equal(text, ascii850);
    assert.deepEqual(validateX12(text).problems, validateX12(ascii850).problems);
  });

  it('an EBCDIC 856 with NL (0x15) line ends reads as one segment a line', () => {
    const text = decodeEbcdic037(bytes('856-ebcdic-037-nl.edi'));
    const parsed = parseX12(text);
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.interchanges[0]?.groups[0]?.sets[0]?.id, '856');
    assert.equal(parsed.interchanges[0]?.groups[0]?.sets[0]?.segments[1]?.position.line, 4);
  });

  it('EBCDIC bytes decoded as Latin-1 or UTF-8 are refused as EBCDIC, not as "not X12"', () => {
    for (const text of [ebcdic850.toString('latin1'), ebcdic850.toString('utf8')]) {
      const { interchanges, diagnostics } = parseX12(text, { file: 'po.edi' });
      assert.equal(interchanges.length, 0);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.line, d.column]),
        [['EDI_EBCDIC', 1, 1]],
      );
      assert.match(diagnostics[0]!.message, /The document is EBCDIC, not ASCII/);
    }
  });

  it('rehearse edi validate reads an EBCDIC file and says so (real CLI)', async () => {
    const file = fileURLToPath(new URL('850-ebcdic-037.edi', FIXTURES_DIR));
    const text = await runCli(['edi', 'validate', file], { cwd: fileURLToPath(FIXTURES_DIR), timeoutMs: 60_000 });
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /850-ebcdic-037\.edi: X12 in EBCDIC \(code page 037\), 1 interchange, 1 functional group, 1 transaction set \(850×1\)/,
    );
    const json = await runCli(['edi', 'ack', file, '--format', 'json'], {
      cwd: fileURLToPath(FIXTURES_DIR),
      timeoutMs: 60_000,
    });
    assert.equal(json.code, 0, json.stdout);
    const report = JSON.parse(json.stdout) as {
      encoding: string;
      acknowledgments: Array<{ groups: Array<{ status: string }> }>;
    };
    assert.equal(report.encoding, 'EBCDIC (code page 037)');
    assert.equal(report.acknowledgments[0]?.groups[0]?.status, 'A');
  });
});
