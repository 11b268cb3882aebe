// The quantity scenarios (backorders, split shipments, cancels, EDI on partial shipments) against
// the embedded sandbox through the real CLI: each defect switch of a release that confuses
// ordered, allocated, shipped and billed quantities fails the scenario named for it, with a
// message that says what was expected and what the target did; with no defect they all pass.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { reportedTests } from '../helpers/report-files.js';
import { runCli } from '../helpers/run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Case {
  defect: string;
  scenario: string;
  tenant: string;
  /** The failing step's title. */
  step: RegExp;
  /** Expected versus actual, in the scenario's terms. */
  cause: RegExp[];
}

const CASES: Case[] = [
  {
    defect: 'invoice-bills-ordered-qty',
    scenario: 'backorder-ships-and-bills-twice',
    tenant: 'standard',
    step: /The first invoice bills what shipped \(not what was ordered\)/,
    cause: [/firstInvoice\.lines\[0\]\.qty: expected 6, got 10/, /firstInvoice\.subtotal: expected \d+, got \d+/],
  },
  {
    defect: 'invoice-rebills-shipped-to-date',
    scenario: 'backorder-ships-and-bills-twice',
    tenant: 'standard',
    step: /The second invoice bills only the rest \(nothing of the first shipment again\)/,
    cause: [/secondInvoice\.lines\[0\]\.qty: expected 4, got 10/],
  },
  {
    defect: 'asn-ordered-qty',
    scenario: 'edi-backorder-acknowledged-and-shipped-in-part',
    tenant: 'integration-heavy',
    step: /The first ASN carries what left the dock, not what was ordered/,
    cause: [/SN1\[\*\]\.02\[0\]: expected "5", got "8"/],
  },
  {
    defect: 'ack-backorder-accepted',
    scenario: 'edi-backorder-acknowledged-and-shipped-in-part',
    tenant: 'integration-heavy',
    step: /The 855 accepts what is in stock and backorders the rest, line by line/,
    cause: [/BAK02: expected "AC", got "AD"/, /ACK\[\*\]\.01/],
  },
  {
    defect: 'cancel-backordered-keeps-reservation',
    scenario: 'cancel-restores-stock',
    tenant: 'standard',
    step: /The cancel gave back every reserved unit/,
    cause: [/reservedAfter: expected "DAL 0, RNO 0", got "DAL 3, RNO 4"/],
  },
  {
    defect: 'ship-from-one-warehouse',
    scenario: 'split-across-warehouses',
    tenant: 'high-volume',
    step: /One shipment per warehouse, each with what that warehouse reserved/,
    cause: [
      /shippedPerWarehouse: expected "ATL 4, CHI 6, PHX 7", got "ATL 17"/,
      /shipments: expected length 3, got length 1/,
    ],
  },
  {
    defect: 'tax-ship-from',
    scenario: 'split-across-warehouses',
    tenant: 'high-volume',
    step: /Each invoice is taxed at the rate of the customer's ship-to, not of the warehouse it shipped from/,
    cause: [/jurisdictions: expected "US-FL", got "US-GA, US-IL, US-AZ"/, /taxedPerShipment: expected "SH-\d+ 144, /],
  },
];

// Two CLI runs at a time: each starts its own sandbox on free ports, and most of a run is waiting on jobs.
describe('quantity defects are caught by the shipped scenarios', { concurrency: 2 }, () => {
  const outputs: string[] = [];
  after(() => outputs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const run = async (args: string[], defects: string) => {
    const output = mkdtempSync(join(tmpdir(), 'rehearse-quantities-'));
    outputs.push(output);
    const result = await runCli(
      ['run', '--driver', 'api', '--output-dir', output, '--reporter', 'line,json', ...args],
      { cwd: root, env: { SANDBOX_DEFECTS: defects }, timeoutMs: 180_000 },
    );
    return { ...result, tests: reportedTests(join(output, 'results.json')) };
  };

  test('with no defect, every quantity scenario passes for every tenant it names', async () => {
    const scenarios = [...new Set(CASES.map((c) => c.scenario))];
    const result = await run([...scenarios.flatMap((s) => ['--scenario', s]), '--workers', '2'], '');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const ran = new Set(result.tests.map((t) => t.result.scenario));
    assert.deepEqual([...ran].sort(), [...scenarios].sort());
    assert.ok(
      result.tests.every((t) => t.status === 'passed'),
      result.tests.map((t) => `${t.result.scenario} ${t.result.tenant} ${t.status}`).join('\n'),
    );
  });

  for (const c of CASES)
    test(`${c.defect}: ${c.scenario} (${c.tenant}) fails and names the cause`, async () => {
      const result = await run(['--scenario', c.scenario, '--tenant', c.tenant, '--workers', '1'], c.defect);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.equal(result.tests.length, 1, result.stdout);
      const message = result.tests[0]!.message;
      assert.match(message, c.step);
      for (const cause of c.cause) assert.match(message, cause);
    });
});
