// `rehearse run --seed S` replays the faults a scenario saw, through the real CLI: with the
// partners embedded (sandbox environment) and on a long-lived `rehearse virtual serve`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { reportedTests } from '../helpers/report-files.js';
import { runCli, startCli, waitFor, type CliRun } from '../helpers/run-cli.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const CHECKOUT = new URL('../../', import.meta.url);

/** The statuses a scenario saved as `statuses` (from its journal), by scenario name. */
function savedStatuses(outputDir: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const t of reportedTests(join(outputDir, 'results.json'))) {
    const steps = (t.result as unknown as { steps: Array<{ saved?: { statuses?: number[] } }> }).steps;
    const saved = steps.find((s) => Array.isArray(s.saved?.statuses))?.saved?.statuses;
    if (saved) out[t.result.scenario] = saved;
  }
  return out;
}

let reports = 0;
async function run(
  p: TempProject,
  seed: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Record<string, number[]>> {
  const output = join(p.dir, `reports-${++reports}`);
  const result = await runCli(
    ['run', '--seed', seed, '--workers', '1', '--reporter', 'json', '--output-dir', output, ...args],
    { cwd: p.dir, env, timeoutMs: 180_000 },
  );
  assert.equal(result.code, 0, result.stdout + result.stderr);
  return savedStatuses(output);
}

// The sandbox's label job calls the carrier (trace context passed on) and retries a 503: each
// shipment's attempts are calls 1, 2, ... of the scenario run on POST /labels.
const labels = (name: string, orders: number, probability: number) => `name: ${name}
tenants: [standard]
virtual:
  carrier: { faults: [{ name: coin, match: { route: POST /labels }, probability: ${probability}, error: { status: 503 } }] }
steps:
  - repeat: ${orders}
    steps:
      - http: POST /api/v1/sales-orders
        json: { customer: '{{ tenant.customers[0].code }}', lines: [{ sku: '{{ tenant.items.stocked[0].sku }}', qty: 1 }] }
        expect: { status: 201 }
        save: { orderId: body.id }
      - http: POST /api/v1/sales-orders/{{ orderId }}/allocate
        expect: { status: 200 }
      - http: POST /api/v1/sales-orders/{{ orderId }}/ship
        json: { service: GROUND }
        expect: { status: 201 }
        save: { shipment: 'body.shipments[0].number' }
      - eventually: { within: 30s, every: 100ms }
        steps:
          - http: GET /api/v1/jobs
            query: { type: carrier.label, ref: '{{ shipment }}' }
            expect: { status: 200, 'body.jobs[0].status': { in: [failed, succeeded] } }
  - virtual.expect: carrier
    request: { route: POST /labels }
    atLeast: ${orders}
    save: { statuses: 'requests[*].status' }
`;

describe('faults replay with the run seed, embedded in the sandbox environment', () => {
  let p: TempProject;
  before(() => {
    p = tempProject({
      'rehearse.config.yaml':
        'defaultEnvironment: sandbox\nenvironments:\n  sandbox:\n    embedded: sandbox\n    allowedHosts: [127.0.0.1, localhost]\n',
      'tenant-profiles/standard.yaml': readFileSync(new URL('tenant-profiles/standard.yaml', CHECKOUT), 'utf8'),
      'tenant-profiles/regulated.yaml': null,
      'scenarios/actions/order.yaml': null,
      // Another scenario of the tenant with faults of its own, first in a run of both.
      'scenarios/a-other.scenario.yaml': labels('a-other', 1, 0.3),
      'scenarios/b-labels.scenario.yaml': labels('b-labels', 4, 0.5),
    });
  });
  after(() => p.remove());

  test('the same --seed gives the same label faults, after other faulty traffic of the tenant too; another seed others', async () => {
    const first = (await run(p, '7', ['--scenario', 'b-labels']))['b-labels'];
    const both = await run(p, '7');
    const other = (await run(p, '8', ['--scenario', 'b-labels']))['b-labels'];
    assert.ok(first && both['a-other'] && both['b-labels'] && other, 'each run saved the statuses of its label calls');
    assert.deepEqual(both['b-labels'], first);
    assert.ok(first.includes(503) && first.includes(201), `faults were injected: ${first.join(',')}`);
    assert.notDeepEqual(other, first);
  });
});

describe('faults replay with the run seed, on a long-lived `rehearse virtual serve`', () => {
  let p: TempProject;
  const serves: CliRun[] = [];
  const serve = async (seed: string): Promise<void> => {
    const started = startCli(['virtual', 'serve', '--port', '0', '--seed', seed], {
      cwd: p.dir,
      timeoutMs: 600_000,
    });
    serves.push(started);
    const banner = /Virtual services on (http:\/\/127\.0\.0\.1:\d+) \(seed (\S+)\)/;
    await waitFor(() => banner.test(started.output()), 30_000);
    const url = banner.exec(started.output())![1]!;
    // The scenario stands in for a target that calls the partner with the run's traceparent.
    p.write(
      'rehearse.config.yaml',
      `defaultEnvironment: local\nenvironments:\n  local:\n    baseUrl: ${url}\n    health: /__admin/health\n    virtualServices: ${url}\n    allowedHosts: [127.0.0.1]\n`,
    );
  };
  const stop = async () => {
    const running = serves.pop()!;
    running.kill('SIGTERM');
    await running.done;
  };
  // Ten calls of one route; the statuses come from the journal of this run's trace.
  const scenario = (name: string, faults: string) => `name: ${name}
tenants: [standard]
${faults}
steps:
  - repeat: 10
    steps:
      - http: GET /carrier/tracking/1Z999
        headers: { x-tenant-id: acme }
        expect: { status: { in: [404, 503] } }
  - virtual.expect: carrier
    request: { route: GET /tracking/:trackingNumber }
    times: 10
    save: { statuses: 'requests[*].status' }
`;
  before(() => {
    p = tempProject({
      'tenant-profiles/standard.yaml': 'name: standard\ntenantId: acme\ncustomers:\n  - id: C-1\n',
      'tenant-profiles/regulated.yaml': null,
      'scenarios/actions/order.yaml': null,
      // Another scenario of the same tenant, first in the run: calls of the same route before b-flaky's.
      'scenarios/a-other.scenario.yaml': scenario('a-other', ''),
      'scenarios/b-flaky.scenario.yaml': scenario(
        'b-flaky',
        'virtual:\n  carrier: { faults: [{ probability: 0.5, error: { status: 503 } }] }',
      ),
    });
  });
  after(async () => {
    while (serves.length) await stop();
    p.remove();
  });

  test("the run's --seed decides, whatever ran before and whatever seed the server has", async () => {
    await serve('42');
    const alone = (await run(p, '7', ['--scenario', 'b-flaky']))['b-flaky'];
    const afterOther = await run(p, '7');
    assert.ok(alone && afterOther['a-other'], 'both scenarios saved their statuses');
    assert.equal(afterOther['a-other']!.length, 10);
    assert.deepEqual(afterOther['b-flaky'], alone, 'a re-run after another scenario of the tenant');
    const other = (await run(p, '8', ['--scenario', 'b-flaky']))['b-flaky'];
    assert.notDeepEqual(other, alone, 'another --seed draws other faults');
    await stop();
    await serve('99');
    const otherServer = (await run(p, '7', ['--scenario', 'b-flaky']))['b-flaky'];
    assert.deepEqual(otherServer, alone, 'a fresh server with another --seed: the run seed wins');
    assert.ok(alone!.includes(503) && alone!.includes(404), `faults were injected: ${alone!.join(',')}`);
  });
});
