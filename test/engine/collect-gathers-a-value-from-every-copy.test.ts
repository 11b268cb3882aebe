// `collect:` on repeat and parallel: after the block, each name is the list of one value per copy
// that passed, in copy order (parallel copies that end in reverse order included), rendered in
// the copy's own scope (a repeat's later copies overwrite what it saved: each value is taken when
// its copy ends) with `durationMs`, the copy's own time; `percentile` reads such a list. The
// loader checks a collect value against what the copy saves, and knows the lists after the block.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import type { StepResult } from '../../src/engine/results.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { tempProjects } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const project = tempProjects();

const COLLECTS = [
  'name: collects',
  'steps:',
  '  - name: Four copies that end in reverse order',
  '    parallel: { count: 4, concurrency: 4 }',
  '    steps:',
  '      - http: GET /item?n={{ index }}',
  '        expect: { status: 200 }',
  '        save: { id: body.id }',
  "    collect: { ids: '{{ id }}', times: '{{ durationMs }}' }",
  '  - expect: { ids: [item-0, item-1, item-2, item-3], times: { length: 4 } }',
  "  - set: { slowest: '{{ percentile(times, 100) }}', fastest: '{{ percentile(times, 0) }}' }",
  "  - expect: { slowest: { gte: '{{ fastest }}' } }",
  '  - repeat: 3',
  '    steps:',
  '      - http: GET /item?n={{ index * 10 }}',
  '        save: { last: body.id }',
  "    collect: { each: '{{ last }}' }",
  '  - expect: { each: [item-0, item-10, item-20], last: item-20 }',
  '',
].join('\n');

describe('collect gathers a value from every copy', () => {
  let server: Server;
  let baseUrl: string;
  before(async () => {
    server = createServer((request, response) => {
      const n = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('n'));
      if (n === 99) {
        response.writeHead(500).end();
        return;
      }
      // The first copies answer last.
      setTimeout(
        () => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ id: `item-${n}` }));
        },
        n < 4 ? (3 - n) * 40 : 0,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = async (yaml: string) => {
    const p = project({ 'scenarios/collects.scenario.yaml': yaml });
    const { project: loaded, diagnostics } = loadProject({ root: p.dir });
    assert.ok(loaded, JSON.stringify(diagnostics));
    const engine = engineContexts(loaded).engine({ baseUrl, requestTimeoutMs: 5000 });
    const scenario = loaded.scenarios[0]!.scenario as Scenario;
    return new ScenarioExecution({ scenario, file: 'collects', engine }).start();
  };

  test('lists in copy order from parallel and repeat copies, with each copy’s duration', async () => {
    const results = await run(COLLECTS);
    const problems = results
      .filter((r) => r.status !== 'passed')
      .map((r) => `${r.title}: ${JSON.stringify(r.error ?? r.checks)}`);
    assert.deepEqual(problems, []);
    const parallel = results[0]! as StepResult & { saved?: Record<string, unknown[]> };
    const times = parallel.saved?.times as number[];
    assert.ok(times.every((ms) => typeof ms === 'number' && ms >= 0));
    assert.ok(times[0]! > times[3]!, `copy 0 waited longest: ${times.join(', ')}`);
  });

  test('a copy that failed gives no value, and the block fails', async () => {
    const results = await run(
      [
        'name: collects',
        'steps:',
        '  - parallel: { count: 3, concurrency: 3 }',
        '    steps:',
        "      - http: 'GET /item?n={{ index == 1 ? 99 : index }}'",
        '        expect: { status: 200 }',
        '        save: { id: body.id }',
        "    collect: { ids: '{{ id }}' }",
        '',
      ].join('\n'),
    );
    const block = results[0]! as StepResult & { saved?: Record<string, unknown[]> };
    assert.equal(block.status, 'failed');
    assert.deepEqual(block.saved?.ids, ['item-0', 'item-2']);
  });

  test('the loader checks collect against what the copy saves, and knows the lists after the block', () => {
    const p = project({
      'scenarios/collects.scenario.yaml': [
        'name: collects',
        'steps:',
        '  - parallel: { count: 2, concurrency: 2 }',
        '    steps:',
        '      - http: GET /item?n={{ index }}',
        '        save: { id: body.id }',
        "    collect: { ids: '{{ idd }}' }",
        '  - expect: { ids: { length: 2 } }',
        '',
      ].join('\n'),
    });
    const { diagnostics } = loadProject({ root: p.dir });
    const errors = diagnostics.filter((d) => d.severity !== 'warning');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0]!.line, 7);
    assert.match(errors[0]!.message, /idd/);
    assert.match(`${errors[0]!.hint ?? ''}`, /\bid\b/, 'did you mean the saved name');
  });
});
