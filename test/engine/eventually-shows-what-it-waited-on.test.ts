// `eventually: { show }` puts the state of what the block waited on into its failure — a job's
// status, attempts and last error as the target last described them — rendered after the last
// attempt, masked like every message; a show that cannot be rendered says so without hiding the failure.
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
let polls = 0;
before(async () => {
  server = await startServer((req, res) => {
    if (req.url?.startsWith('/jobs')) {
      polls++;
      json(res, 200, {
        jobs: [{ status: 'retrying', attempts: polls, lastError: 'carrier answered 503', token: 'tok-9f8e7d6c5b4a' }],
      });
      return;
    }
    json(res, 200, { label: { status: 'pending' } });
  });
});
after(() => server.close());

async function run(steps: string): Promise<StepResult> {
  const dir = projects({ 'scenarios/s.scenario.yaml': `name: s\nsteps:\n${steps}` }).dir;
  const { project, diagnostics } = loadProject({ root: dir });
  assert.ok(project, JSON.stringify(diagnostics));
  const contexts = engineContexts(project);
  try {
    const engine = contexts.engine({ baseUrl: server.url });
    engine.redactor.addSecret('tok-9f8e7d6c5b4a');
    const scenario = project.scenarios[0]!.scenario as Scenario;
    return (await new ScenarioExecution({ scenario, file: 's', engine }).start())[0]!;
  } finally {
    await contexts.close();
  }
}

describe('eventually show', () => {
  it("a timed-out block names the job's status, attempts and last error as last seen", async () => {
    const step = await run(
      [
        '  - eventually: { within: 700ms, every: 100ms, show: "{{ job }}" }',
        '    steps:',
        '      - http: GET /jobs?ref=SH-1',
        "        save: { job: 'body.jobs[0]' }",
        '      - http: GET /shipments/SH-1',
        '        expect: { body.label.status: created }',
        '',
      ].join('\n'),
    );
    assert.equal(step.status, 'failed');
    const message = step.checks.find((c) => c.path === 'eventually')!.message!;
    assert.match(message, /Still failing after \d+ attempt\(s\)/);
    assert.match(message, /Last failure: .*body\.label\.status/);
    const shown = /State shown \(\{\{ job \}\}\): (\{.*\})\.$/.exec(message);
    assert.ok(shown, message);
    const state = JSON.parse(shown[1]!.replace(/\[REDACTED\]|\*+/g, 'x')) as Record<string, unknown>;
    assert.equal(state.status, 'retrying');
    assert.equal(state.lastError, 'carrier answered 503');
    assert.equal(state.attempts, polls, 'the last attempt, not the first');
    assert.doesNotMatch(message, /tok-9f8e7d6c5b4a/);
  });

  it('a show that cannot be rendered says why, and the failure stays', async () => {
    const step = await run(
      [
        '  - eventually: { within: 300ms, every: 100ms, show: "{{ len(1) }}" }',
        '    steps:',
        '      - http: GET /shipments/SH-1',
        '        expect: { body.label.status: created }',
        '',
      ].join('\n'),
    );
    assert.equal(step.status, 'failed');
    const message = step.checks.find((c) => c.path === 'eventually')!.message!;
    assert.match(message, /Last failure: .*body\.label\.status/);
    assert.match(message, /State shown \(\{\{ len\(1\) \}\}\) could not be rendered: /);
  });
});
