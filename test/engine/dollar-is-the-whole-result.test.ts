// `$` is the whole result of a step, in expect keys and save paths: a request step's
// { status, headers, body, ... }, a `do` step's action result (null too), an `expect` step's
// variables. A value saved as null and a name never saved are told apart by the expect step.
// Through the real engine and API driver, against a real HTTP server on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import type { StepResult } from '../../src/engine/results.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { json, startServer, type Server } from '../drivers/helpers.js';
import { tempProjects } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const projects = tempProjects();
let server: Server;
before(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/api/carts/C-1') return json(res, 200, { id: 'C-1', coupon: null, lines: [{ sku: 'A', qty: 2 }] });
    json(res, 404, { error: 'no such cart' });
  });
});
after(() => server.close());

const ACTIONS = [
  'actions:',
  '  cart.get:',
  '    params: { id: { type: string, required: true } }',
  '    api:',
  '      - http: GET /api/carts/{{ id }}',
  '  cart.nothing:',
  '    api:',
  '      - http: GET /api/carts/C-1',
  '    returns: null',
  '',
].join('\n');

async function run(steps: string[]): Promise<StepResult[]> {
  const dir = projects({
    'scenarios/actions/cart.yaml': ACTIONS,
    'scenarios/s.scenario.yaml': ['name: s', 'steps:', ...steps, ''].join('\n'),
  }).dir;
  const { project, diagnostics } = loadProject({ root: dir });
  assert.ok(project, JSON.stringify(diagnostics));
  assert.deepEqual(
    diagnostics.filter((d) => d.severity !== 'warning'),
    [],
  );
  const contexts = engineContexts(project);
  try {
    const engine = contexts.engine({ baseUrl: server.url });
    return await new ScenarioExecution({
      scenario: project.scenarios[0]!.scenario as Scenario,
      file: 's',
      engine,
    }).start();
  } finally {
    await contexts.close();
  }
}

const failures = (steps: StepResult[]) =>
  steps.flatMap((s, i) => s.checks.filter((c) => !c.passed).map((c) => `step ${i}: ${c.message}`));

test('save: { x: $ } keeps the whole result of a request step and of a do step', async () => {
  const steps = await run([
    '  - http: GET /api/carts/C-1',
    '    save: { whole: $ }',
    '  - do: cart.get',
    '    with: { id: C-1 }',
    '    save: { cart: $ }',
    '    expect: { $: { id: C-1 }, "$.lines[0].qty": 2 }',
    '  - expect: { whole.status: 200, whole.body.id: C-1, cart: { id: C-1, coupon: null } }',
  ]);
  assert.deepEqual(failures(steps), []);
  assert.deepEqual(
    steps.map((s) => s.status),
    ['passed', 'passed', 'passed'],
  );
  assert.deepEqual(steps[1]!.saved, { cart: { id: 'C-1', coupon: null, lines: [{ sku: 'A', qty: 2 }] } });
});

test('expect: { $: null } checks an action that returns null; $ of an expect step is the variables', async () => {
  const steps = await run([
    '  - do: cart.nothing',
    '    expect: { $: null }',
    '  - set: { qty: 2 }',
    '  - expect: { $: { qty: 2 } }',
    '  - do: cart.get',
    '    with: { id: C-1 }',
    '    expect: { $: null }',
  ]);
  assert.deepEqual(
    steps.map((s) => s.status),
    ['passed', 'passed', 'passed', 'failed'],
  );
  assert.match(failures(steps).join('\n'), /step 3: \$: expected null, got \{"id":"C-1"/);
});

test('$.status and $: { status } read the status, so a 404 they expect is accepted', async () => {
  const steps = await run([
    '  - http: GET /api/carts/none',
    '    expect: { "$.status": 404 }',
    '  - http: GET /api/carts/none',
    '    expect: { $: { status: 404, body: { error: no such cart } } }',
    '  - http: GET /api/carts/none',
    '    save: { whole: $ }',
  ]);
  assert.deepEqual(
    steps.map((s) => s.status),
    ['passed', 'passed', 'failed'],
  );
  assert.match(failures(steps).join('\n'), /step 2: the target answered 404 Not Found/);
});

test('a value saved as null and a name never saved are different to expect', async () => {
  const saveThen = (check: string) =>
    run(['  - http: GET /api/carts/C-1', '    save: { coupon: body.coupon }', `  - expect: ${check}`]);
  const verdicts: Record<string, string> = {};
  for (const check of [
    '{ coupon: null }',
    '{ coupon: { exists: true, type: null } }',
    '{ coupon: { exists: false } }',
    '{ discount: { exists: false } }',
    '{ discount: null }',
    '{ discount: { type: null } }',
  ])
    verdicts[check] = (await saveThen(check))[1]!.status;
  assert.deepEqual(verdicts, {
    '{ coupon: null }': 'passed',
    '{ coupon: { exists: true, type: null } }': 'passed',
    '{ coupon: { exists: false } }': 'failed',
    '{ discount: { exists: false } }': 'passed',
    '{ discount: null }': 'failed',
    '{ discount: { type: null } }': 'failed',
  });
});
