// `eventually: { within }` is a hard deadline: a request still in flight when it passes is
// stopped (its connection closed, the target sees it go), the block fails at once instead of
// waiting for the step's timeout, and the message gives the measured time. A look the deadline
// cut short is never taken as a pass.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StepResult } from '../../src/engine/results.js';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { json, startServer, type Server } from '../drivers/helpers.js';
import { tempProjects } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const projects = tempProjects();
let server: Server;
/** Requests to /hang whose connection the client closed before any answer. */
let abandoned = 0;
let pendingServed = 0;
before(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/hang') {
      res.on('close', () => {
        if (!res.writableEnded) abandoned++;
      });
      return; // never answers
    }
    if (req.url === '/pending-then-hang' && pendingServed++ > 0) return; // the first answer, then a hang
    json(res, 200, { state: 'PENDING' });
  });
});
after(() => server.close());

async function run(steps: string, requestTimeoutMs = 60_000): Promise<StepResult> {
  const dir = projects({ 'scenarios/s.scenario.yaml': `name: s\nsteps:\n${steps}` }).dir;
  const { project, diagnostics } = loadProject({ root: dir });
  assert.ok(project, JSON.stringify(diagnostics));
  const contexts = engineContexts(project);
  try {
    const engine = contexts.engine({ baseUrl: server.url, requestTimeoutMs });
    const scenario = project.scenarios[0]!.scenario as Scenario;
    const results = await new ScenarioExecution({ scenario, file: 's', engine }).start();
    return results[0]!;
  } finally {
    await contexts.close();
  }
}

describe('eventually within', () => {
  it('stops a request that hangs at the deadline, long before the request timeout', async () => {
    const before = abandoned;
    const step = await run(
      ['  - eventually: { within: 600ms, every: 100ms }', '    steps:', '      - http: GET /hang', ''].join('\n'),
    );
    assert.equal(step.status, 'failed');
    assert.ok(step.durationMs < 60_000 / 2, `the block ended at its deadline, not the 60 s request timeout`);
    const inner = step.children![0]!;
    assert.equal(inner.status, 'errored');
    assert.equal(inner.error?.code, 'REHEARSE_EVENTUALLY_TIMEOUT');
    assert.match(
      inner.error!.message,
      /the eventually block's `within: 600ms` passed before the target answered; the request was stopped/,
    );
    const check = step.checks[0]!;
    assert.match(
      check.message,
      /^Still failing after 1 attempt\(s\) in [\d.]+(ms|s) \(within: 600ms; attempt 1, still running at the deadline, was stopped\)/,
    );
    // The duration stated is the measured one: at least the deadline, at most the whole step.
    const stated = /in (\d+(?:\.\d+)?)(ms|s) /.exec(check.message)!;
    const statedMs = Number(stated[1]) * (stated[2] === 's' ? 1000 : 1);
    assert.ok(statedMs >= 590 && statedMs <= step.durationMs + 10, `${statedMs} ms vs a step of ${step.durationMs} ms`);
    for (let i = 0; i < 100 && abandoned === before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(abandoned, before + 1, 'the target saw the request go away');
  });

  it('a deadline that passes between the steps of an attempt is a failure, never a pass', async () => {
    const step = await run(
      [
        '  - eventually: { within: 300ms, every: 100ms }',
        '    steps:',
        '      - wait: 5s',
        '      - http: GET /status',
        '        expect: { body.state: DONE }',
        '',
      ].join('\n'),
    );
    assert.equal(step.status, 'failed');
    assert.equal(step.children![1]!.status, 'skipped', 'the step after the deadline did not run');
    assert.match(step.checks[0]!.message, /attempt 1, still running at the deadline, was stopped/);
    assert.match(step.checks[0]!.message, /Last failure: none before the deadline\./);
  });

  it('when the deadline stops an attempt, the failure is the one of the last attempt that ran to its end', async () => {
    const step = await run(
      [
        '  - eventually: { within: 800ms, every: 100ms }',
        '    steps:',
        '      - http: GET /pending-then-hang',
        '        expect: { body.state: DONE }',
        '',
      ].join('\n'),
    );
    assert.equal(step.status, 'failed');
    const message = step.checks[0]!.message;
    assert.match(
      message,
      /^Still failing after 2 attempt\(s\) in [\d.]+m?s \(within: 800ms; attempt 2, still running at the deadline, was stopped\)/,
    );
    assert.match(message, /Last failure: body\.state: expected "DONE", got "PENDING".*Last value seen: "PENDING"\.$/);
  });

  it('an attempt that passes in time still passes', async () => {
    const step = await run(
      [
        '  - eventually: { within: 5s, every: 100ms }',
        '    steps:',
        '      - http: GET /status',
        '        expect: { body.state: PENDING }',
        '',
      ].join('\n'),
    );
    assert.equal(step.status, 'passed');
    assert.equal(step.attempts, 1);
  });
});
