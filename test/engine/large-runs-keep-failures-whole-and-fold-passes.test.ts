// A scenario run's record stays bounded however many steps it makes, and keeps what a reader
// needs: past a budget of steps, a passing step keeps its title, status and timing, its exchanges
// and passing checks only counted; past the first iterations of a repeat or parallel block,
// passing iterations fold into one summary (runs, failures, every duration per step position)
// while each distinct failure stays whole. Per-action latency in the business summary still
// counts every run. Against a real node:http server, through the real engine and API driver.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { StepHost } from '../../src/engine/context.js';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import type { ScenarioResult, StepResult } from '../../src/engine/results.js';
import { StepRecords } from '../../src/engine/step-records.js';
import { FULL_ITERATIONS } from '../../src/engine/steps/iteration-results.js';
import { loadProject } from '../../src/loader/load-project.js';
import { summarizeSteps } from '../../src/playwright/reporters/run-summary.js';
import { actionLatency } from '../../src/report/action-latency.js';
import type { Scenario } from '../../src/schema/index.js';
import { tempProjects } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const project = tempProjects();

const ITEM_ACTIONS = [
  'actions:',
  '  item.get:',
  '    params:',
  '      n: { type: integer, required: true }',
  '    api:',
  '      - http: GET /item?n={{ n }}',
  '        expect: { status: 200 }',
  '',
].join('\n');

describe('large runs keep failures whole and fold passes', () => {
  let server: Server;
  let baseUrl: string;
  before(async () => {
    // 70 and 90 fail alike (a locked order, its number differing); 80 fails otherwise.
    server = createServer((request, response) => {
      const n = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('n'));
      if (n === 70 || n === 90) {
        response.writeHead(409, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: `order SO-${n} is locked` }));
        return;
      }
      if (n === 80) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end('database unavailable');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `item-${n}`, padding: 'x'.repeat(200) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The titles of the steps the host was asked to show (Playwright's report, in a real run). */
  let shown: string[] = [];
  const host: StepHost = {
    step: (title, body) => {
      shown.push(title);
      return body();
    },
  };

  const run = async (yaml: string, records?: StepRecords): Promise<ScenarioResult> => {
    shown = [];
    const p = project({ 'scenarios/large.scenario.yaml': yaml, 'scenarios/actions/item.yaml': ITEM_ACTIONS });
    const { project: loaded, diagnostics } = loadProject({ root: p.dir });
    assert.ok(loaded, JSON.stringify(diagnostics));
    const contexts = engineContexts(loaded);
    const engine = contexts.engine({ baseUrl, host, ...(records ? { records } : {}) });
    const scenario = loaded.scenarios.find((s) => s.scenario.name === 'large')!.scenario as Scenario;
    const execution = new ScenarioExecution({ scenario, file: 'scenarios/large.scenario.yaml', engine });
    await execution.start();
    await contexts.close();
    return execution.result();
  };

  test('past the budget, passing steps keep title, status and timing; a failing one stays whole', async () => {
    const steps = Array.from({ length: 30 }, (_, i) => [
      `  - http: GET /item?n=${i === 24 ? 80 : i}`,
      '    expect: { status: 200, body: { padding: { type: string } } }',
    ]).flat();
    const result = await run(['name: large', 'steps:', ...steps, ''].join('\n'), new StepRecords(10));
    const [kept, trimmed, failing] = [result.steps.slice(0, 10), result.steps.slice(10, 24), result.steps[24]!];
    for (const step of kept) {
      assert.equal(step.exchanges.length, 1, step.title);
      assert.ok(step.checks.length >= 2, step.title);
      assert.equal(step.trimmed, undefined);
    }
    for (const step of trimmed) {
      assert.equal(step.status, 'passed');
      assert.match(step.title, /^GET \/item\?n=\d+$/);
      assert.ok(step.durationMs >= 0 && Date.parse(step.startedAt) > 0);
      assert.deepEqual([step.exchanges, step.checks], [[], []]);
      assert.equal(step.trimmed?.exchanges, 1);
      assert.ok((step.trimmed?.checks ?? 0) >= 2);
    }
    assert.equal(failing.status, 'failed');
    assert.equal(failing.exchanges.length, 1, 'the failing step keeps its exchange');
    assert.equal(failing.exchanges[0]!.response?.body, 'database unavailable');
    assert.equal(failing.trimmed, undefined);
    assert.equal(
      result.steps.slice(25).every((s) => s.status === 'skipped'),
      true,
    );
  });

  test('a parallel block of 200 copies: 50 whole, each distinct failure whole, the rest one summary', async () => {
    const result = await run(
      [
        'name: large',
        'steps:',
        '  - parallel: { count: 200, concurrency: 8 }',
        '    steps:',
        '      - do: item.get',
        "        with: { n: '{{ index }}' }",
        '',
      ].join('\n'),
    );
    const block = result.steps[0]!;
    assert.equal(block.status, 'failed');
    const children = block.children!;
    const iterations = children.filter((c) => c.kind === 'iteration');
    assert.deepEqual(
      iterations.map((c) => c.title),
      [...Array.from({ length: FULL_ITERATIONS }, (_, i) => `iteration ${i + 1}`), 'iteration 71', 'iteration 81'],
    );
    assert.match(JSON.stringify(iterations.at(-2)), /order SO-70 is locked/);
    assert.match(JSON.stringify(iterations.at(-1)), /database unavailable/);
    const summary = children.at(-1)!;
    assert.equal(summary.kind, 'iterations');
    assert.equal(summary.status, 'failed', 'iteration 91 failed like iteration 71: the summary says so');
    assert.equal(summary.title, 'iterations 51–200 (148): 147 passed, 1 failed like an iteration shown');
    assert.equal(summary.summary?.iterations, 148);
    const action = summary.summary!.steps.find((s) => s.position === '0')!;
    assert.deepEqual([action.action, action.runs, action.failed, action.durationsMs.length], ['item.get', 148, 1, 148]);
    const request = summary.summary!.steps.find((s) => s.position === '0.0')!;
    assert.equal(request.kind, 'http');
    assert.equal(request.runs, 148);

    // The report shows the first 50 copies step by step (the action and its request), then what is kept.
    assert.equal(shown.length, 1 + FULL_ITERATIONS * 2 + 3, shown.slice(-5).join('\n'));
    assert.deepEqual(shown.slice(-3), ['iteration 71', 'iteration 81', summary.title]);

    const latency = actionLatency([result]).find((a) => a.action === 'item.get')!;
    assert.equal(latency.samples, 200, 'every run of the action counts, folded or not');
    assert.equal(latency.successRate, 197 / 200);
    // The block, 200 iterations, 200 actions and their 200 requests.
    assert.equal(summarizeSteps(result).executedSteps, 1 + 200 * 3);
  });

  test('the record of a repeat grows by a few bytes per iteration once folding starts', async () => {
    const repeat = async (count: number) =>
      run(
        [
          'name: large',
          'steps:',
          `  - repeat: ${count}`,
          '    steps:',
          "      - http: 'GET /item?n={{ index + 1000 }}'",
          '        expect: { status: 200 }',
          '',
        ].join('\n'),
      );
    const small = await repeat(100);
    const large = await repeat(1000);
    assert.equal(large.status, 'passed');
    const summary = large.steps[0]!.children!.at(-1)!;
    assert.equal(summary.title, 'iterations 51–1000 (950): 950 passed');
    const bytes = (result: ScenarioResult) => JSON.stringify(result).length;
    const perIteration = (bytes(large) - bytes(small)) / 900;
    assert.ok(perIteration < 40, `${perIteration.toFixed(1)} bytes of record per folded iteration`);
    const wholeIteration = (step: StepResult) => JSON.stringify(step).length;
    assert.ok(wholeIteration(large.steps[0]!.children![0]!) > 500, 'a whole iteration is far larger');
  });
});
