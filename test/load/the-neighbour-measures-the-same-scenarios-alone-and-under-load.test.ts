// The noisy-neighbour rehearsal compares each of the neighbour's scenarios with itself: alone,
// then beside the load. When a window fits only one run (long scenarios, or a busy machine that
// slows every run), both windows must measure the same scenario — each starts again at the
// neighbour's first one — or there is nothing to compare and the verdict fails for no reason.
// The real CLI against a node:http server on 127.0.0.1.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProjects } from '../helpers/temp-project.js';
import type { LoadResults } from '../../src/schema/index.js';

const tempProject = tempProjects();

let target: TestTarget;
before(async () => {
  target = await startTestTarget();
});
after(() => target.close());

/** A neighbour scenario longer than either window: each window fits one run of it. */
const slowNeighbour = (name: string) =>
  [
    `name: ${name}`,
    'tags: [neighbour]',
    'tenants: [regulated]',
    'steps:',
    '  - wait: 1200ms',
    '  - http: GET /version',
    '    expect: { status: 200 }',
    '',
  ].join('\n');

test('with room for one run per window, the neighbour is measured on the same scenario alone and under load', async () => {
  const dir = tempProject({
    'scenarios/orders.scenario.yaml': ['name: orders', 'steps:', '  - http: GET /version', ''].join('\n'),
    'scenarios/neighbour-a.scenario.yaml': slowNeighbour('neighbour-a'),
    'scenarios/neighbour-b.scenario.yaml': slowNeighbour('neighbour-b'),
    'scenarios/neighbour-c.scenario.yaml': slowNeighbour('neighbour-c'),
  }).dir;
  const result = await runCli(
    [
      'load',
      'orders',
      '--tenant',
      'standard',
      '--base-url',
      target.url,
      '--rate',
      '2/s',
      '--duration',
      '1s',
      '--neighbour',
      'regulated',
      '--neighbour-tag',
      'neighbour',
      '--baseline',
      '1s',
      '--max-shift',
      'error_rate<50%',
    ],
    { cwd: dir, timeoutMs: 60_000 },
  );
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(
    result.stdout,
    /✓ error_rate<50% {2}\(neighbour-\w: \+0 point\(s\), 0 % → 0 %; 1 scenario\(s\) compared\)/,
  );
  const results = JSON.parse(readFileSync(join(dir, 'reports/load/segment-1-of-1.json'), 'utf8')) as LoadResults;
  const runs = Object.entries(results.neighbour!.scenarios).map(([name, m]) => [
    name,
    m.baseline.runs,
    m.underLoad.runs,
  ]);
  // One scenario ran in each window, and it is the same one; the others ran in neither.
  assert.deepEqual(
    runs.filter(([, alone, loaded]) => alone || loaded),
    [[runs.find(([, alone]) => alone)![0], 1, 1]],
    JSON.stringify(runs),
  );
});
