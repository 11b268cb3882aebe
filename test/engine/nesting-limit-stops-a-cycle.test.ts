// The loader refuses include/do cycles; if one reaches the engine anyway (a project changed
// after loading, a tool that builds projects itself), the run ends it as an errored step
// with a code at a bounded depth, instead of recursing until the worker runs out of memory.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { MAX_NESTING } from '../../src/engine/nesting.js';
import type { StepResult } from '../../src/engine/results.js';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { tempProject } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const project = tempProject({
  'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - include: loop\n',
  'scenarios/fragments/loop.yaml': 'name: loop\nsteps:\n  - wait: 1ms\n',
});
after(() => project.remove());

test(`a fragment that includes itself stops at ${MAX_NESTING} levels with REHEARSE_NESTING_TOO_DEEP`, async () => {
  const { project: loaded, diagnostics } = loadProject({ root: project.dir });
  assert.ok(loaded, JSON.stringify(diagnostics));
  // After loading, the fragment is made to include itself: what the loader would have refused.
  (loaded.fragments.get('loop')!.fragment.steps as unknown[]).splice(0, 1, { include: 'loop' });
  const contexts = engineContexts(loaded);
  const engine = contexts.engine({ baseUrl: 'http://127.0.0.1:9', requestTimeoutMs: 1000 });
  try {
    const scenario = loaded.scenarios[0]!.scenario as Scenario;
    const results = await new ScenarioExecution({ scenario, file: 's', engine }).start();
    assert.equal(results[0]?.status, 'errored');
    let depth = 0;
    let deepest: StepResult = results[0]!;
    while (deepest.children?.length) {
      deepest = deepest.children[0]!;
      depth++;
    }
    assert.equal(deepest.error?.code, 'REHEARSE_NESTING_TOO_DEEP');
    assert.equal(depth, MAX_NESTING);
  } finally {
    await contexts.close();
  }
});
