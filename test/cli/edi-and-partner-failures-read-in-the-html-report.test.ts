// The shipped project against the embedded sandbox with two defects switched on: the ASN carries
// the wrong quantity (an `edi.expect` fails) and a retried capture charges twice (a
// `virtual.expect` on the payment partner fails). In the HTML report each failing step holds its
// cause as text, the 856 it received (readable X12) and the partner's journal excerpt; a passing
// EDI step keeps the documents it exchanged on itself, and holds no cause.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  readHtmlReport,
  stepAttachments,
  stepTitled,
  testTitled,
  type HtmlReport,
  type HtmlResult,
} from '../helpers/html-report.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('EDI and partner failures read in the HTML report', () => {
  let output: string;
  let run: CliResult;
  let report: HtmlReport;

  before(async () => {
    output = mkdtempSync(join(tmpdir(), 'rehearse-evidence-'));
    run = await runCli(
      [
        'run',
        '--output-dir',
        output,
        '--workers',
        '2',
        '--scenario',
        'edi-order-to-asn',
        '--scenario',
        'payment-retry-charges-once',
        '--driver',
        'api',
        '--reporter',
        'line,html',
      ],
      { cwd: root, env: { SANDBOX_DEFECTS: 'asn-wrong-quantity,double-charge' }, timeoutMs: 240_000 },
    );
    report = readHtmlReport(join(output, 'html'));
  });
  after(() => rmSync(output, { recursive: true, force: true }));

  const lastResult = (title: RegExp): HtmlResult => testTitled(report, title).results.at(-1)!;
  const attachmentsOf = (result: HtmlResult, step: string) => stepAttachments(result, stepTitled(result, step));

  test('both scenarios fail (exit 1)', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(lastResult(/^EDI — a retailer's 850/).status, 'failed');
    assert.equal(lastResult(/^A lost capture answer/).status, 'failed');
  });

  test('the failing edi.expect step holds its cause (the X12 query, expected and actual) and the 856 it received', () => {
    const result = lastResult(/^EDI — a retailer's 850/);
    const attachments = attachmentsOf(result, 'The ASN carries what was shipped');
    const names = attachments.map((a) => a.name);
    assert.equal(names[0], 'cause', names.join(', '));
    assert.ok(names.includes('856 received by TP-BIGBOX'), names.join(', '));
    assert.ok(names.includes('856 received by TP-BIGBOX (parsed)'), names.join(', '));
    const cause = attachments[0]!.body!;
    assert.match(cause, /^Step failed: The ASN carries what was shipped$/m);
    assert.match(cause, /✗ sum\(SN1\[\*\]\.02\): expected 8, got 9/);
    assert.match(cause, /^ {4}path: {5}sum\(SN1\[\*\]\.02\)$/m);
    const asn = attachments.find((a) => a.name === '856 received by TP-BIGBOX')!;
    assert.equal(asn.contentType, 'text/plain');
    assert.match(asn.body!, /^ISA\*/m, 'readable X12, one segment a line');
    assert.match(asn.body!, /^\s*BSN\*00\*SH-\d+\*/m);
    assert.match(asn.body!, /^\s*SN1\*\*\d+\*EA~$/m);
  });

  test('a passing EDI step keeps the document it sent on itself, with no cause', () => {
    const result = lastResult(/^EDI — a retailer's 850/);
    const sent = result.steps
      .flatMap(function walk(s): typeof result.steps {
        return [s, ...s.steps.flatMap(walk)];
      })
      .find((s) => !s.error && stepAttachments(result, s).some((a) => /^850 sent to /.test(a.name)));
    assert.ok(sent, 'the step that sent the 850 holds it');
    const names = stepAttachments(result, sent).map((a) => a.name);
    assert.ok(!names.includes('cause'), names.join(', '));
  });

  test('the failing virtual.expect step holds its cause and the payment journal excerpt', () => {
    const result = lastResult(/^A lost capture answer/);
    const attachments = attachmentsOf(result, 'No authorization for this invoice under another key');
    const names = attachments.map((a) => a.name);
    assert.equal(names[0], 'cause', names.join(', '));
    assert.ok(names.includes('payment journal'), names.join(', '));
    assert.match(attachments[0]!.body!, /expected exactly 0, got 1/);
    const journal = attachments.find((a) => a.name === 'payment journal')!;
    assert.equal(journal.contentType, 'text/plain');
    assert.match(journal.body!, /POST \/authorizations/);
  });
});
