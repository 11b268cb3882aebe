import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Project } from '../../src/loader/project.js';
import type { Scenario } from '../../src/schema/index.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

/**
 * `timeouts.cleanup`: a scenario's cleanup steps share one budget. What runs
 * past it is cut off, what comes after is not run, and both say why — against
 * a real HTTP target whose /api/hang never answers.
 */
describe('cleanup steps share a time budget', () => {
  let target: TestTarget;
  let project: TempProject;
  let loaded: Project;
  let contexts: ReturnType<typeof engineContexts>;
  before(async () => {
    target = await startTestTarget();
    project = tempProject({ 'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n' });
    const result = loadProject({ root: project.dir });
    assert.ok(result.project, JSON.stringify(result.diagnostics));
    loaded = result.project;
    contexts = engineContexts(loaded);
  });
  after(async () => {
    await contexts.close();
    await target.close();
    project.remove();
  });

  const engine = () =>
    contexts.engine({
      tenant: { ...loaded.tenants.get('standard')!.profile, tenantId: 'acme' },
      baseUrl: target.url,
      requestTimeoutMs: 300_000,
    });
  const cleanupOf = async (cleanup: unknown[], budgetMs: number) => {
    const scenario = { name: 's', steps: [{ wait: '1ms' }], cleanup } as Scenario;
    const execution = new ScenarioExecution({ scenario, file: 's', engine: engine() });
    await execution.start();
    return execution.cleanup(undefined, { budgetMs });
  };

  test('cleanup steps that end within the budget pass as before', async () => {
    const results = await cleanupOf(
      [{ http: 'GET /api/slow?phase=fast', expect: { status: 200 } }, { wait: '10ms' }],
      5000,
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.error?.code]),
      [
        ['passed', undefined],
        ['passed', undefined],
      ],
    );
  });

  test('a request that hangs is cut off at the budget and the steps after it are reported as not run', async () => {
    const results = await cleanupOf(
      [{ http: 'GET /api/hang?phase=budget', timeout: '5m' }, { http: 'POST /api/orders/SO-1/cancel?phase=budget' }],
      300,
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.error?.code, r.error?.message]),
      [
        [
          'errored',
          'REHEARSE_CLEANUP_BUDGET',
          'Failed to finish cleanup step "GET /api/hang?phase=budget": the cleanup budget of 300ms (timeouts.cleanup) ran out, so it was cut off.',
        ],
        [
          'errored',
          'REHEARSE_CLEANUP_BUDGET',
          'Failed to run cleanup step "POST /api/orders/SO-1/cancel?phase=budget": the cleanup budget of 300ms (timeouts.cleanup) was used up by the steps before it.',
        ],
      ],
    );
    assert.match(results[0]!.error!.hint!, /timeouts\.cleanup in rehearse\.config\.yaml/);
    assert.ok(!target.log.requests.some((r) => r.url === '/api/orders/SO-1/cancel?phase=budget'), 'never sent');
  });

  test('a step that ends early on the aborted signal and calls it a pass is still reported as cut off', async () => {
    const results = await cleanupOf([{ wait: '1m' }], 200);
    assert.deepEqual(
      results.map((r) => [r.status, r.error?.code]),
      [['errored', 'REHEARSE_CLEANUP_BUDGET']],
    );
  });
});
