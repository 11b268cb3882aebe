// `wait:` takes an expression: "{{ delay }}ms" or one that gives a whole duration is rendered
// when the step runs; a result without a unit or not a duration errors the step with
// REHEARSE_INVALID_DURATION and a hint. A name read with a `??` default loads and runs.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { tempProject } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const SCENARIO = [
  'name: waits',
  'steps:',
  '  - set: { delay: 5, pause: 3ms }',
  "  - wait: '{{ delay }}ms'",
  "  - wait: '{{ pause }}'",
  "  - wait: '{{ (settle ?? 2) * 2 }}ms'",
  "  - if: '{{ (orderId ?? null) != null }}'",
  '    wait: 1h',
  "  - wait: '{{ delay }}'",
  '',
].join('\n');

const project = tempProject({ 'scenarios/waits.scenario.yaml': SCENARIO });
after(() => project.remove());

test('wait renders its expression; a duration without a unit errors with REHEARSE_INVALID_DURATION', async () => {
  const { project: loaded, diagnostics } = loadProject({ root: project.dir });
  assert.ok(loaded, JSON.stringify(diagnostics));
  assert.deepEqual(diagnostics, [], 'names read with ?? load without a problem');
  const contexts = engineContexts(loaded);
  const engine = contexts.engine({ baseUrl: 'http://127.0.0.1:9', requestTimeoutMs: 1000 });
  try {
    const scenario = loaded.scenarios[0]!.scenario as Scenario;
    const results = await new ScenarioExecution({ scenario, file: 'waits', engine }).start();
    assert.deepEqual(
      results.map((r) => r.status),
      ['passed', 'passed', 'passed', 'passed', 'skipped', 'errored'],
    );
    const error = results[5]!.error!;
    assert.equal(error.code, 'REHEARSE_INVALID_DURATION');
    assert.match(error.message, /"\{\{ delay \}\}" gave 5, which is not a duration/);
    assert.match(error.hint ?? '', /"\{\{ delay \}\}s" for seconds/);
  } finally {
    await contexts.close();
  }
});
