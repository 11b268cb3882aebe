import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Project } from '../../src/loader/project.js';
import type { Scenario } from '../../src/schema/index.js';
import { startVirtualServices, type VirtualServicesHandle } from '../../src/virtual/index.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const SERVICES = fileURLToPath(new URL('../../virtual-services', import.meta.url));

/**
 * The engine's `virtual` steps run for real against the virtual services over
 * HTTP; after the scenario's cleanup the partner's faults are what they were.
 */
describe('virtual steps put back the faults they changed when the scenario ends', () => {
  let services: VirtualServicesHandle;
  let project: TempProject;
  let loaded: Project;
  let contexts: ReturnType<typeof engineContexts>;
  before(async () => {
    services = await startVirtualServices({ dir: SERVICES, seed: 'restore', port: 0, host: '127.0.0.1' });
    project = tempProject({ 'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n' });
    const result = loadProject({ root: project.dir });
    assert.ok(result.project, JSON.stringify(result.diagnostics));
    loaded = result.project;
    contexts = engineContexts(loaded);
  });
  after(async () => {
    await contexts.close();
    await services.close();
    project.remove();
  });

  const engine = () =>
    contexts.engine({
      tenant: { ...loaded.tenants.get('standard')!.profile, tenantId: 'acme', faults: { tax: 'slow' } },
      virtualUrl: services.url,
    });
  const run = async (steps: unknown[]) => {
    const ctx = engine();
    const execution = new ScenarioExecution({ scenario: { name: 's', steps } as Scenario, file: 's', engine: ctx });
    const results = await execution.start();
    assert.deepEqual(
      results.map((r) => r.status),
      steps.map(() => 'passed'),
      JSON.stringify(results.map((r) => r.error ?? r.checks)),
    );
    const during = (await services.admin.getFaults('tax')).layers;
    const cleanup = await execution.cleanup();
    return { during, cleanup, after: (await services.admin.getFaults('tax')).layers, traceId: ctx.run.traceId };
  };

  test('scope tenant: the tenant profile’s layer comes back, unused overlays go', async () => {
    await services.admin.setFaults('tax', { profile: 'slow', tenant: 'acme' });
    const { during, cleanup, after } = await run([
      { virtual: 'tax', profile: 'outage', scope: 'tenant' },
      { virtual: 'tax', faults: [{ error: 503 }], next: 5, scope: 'tenant' },
    ]);
    assert.deepEqual(
      during.map((l) => [l.layer, l.profile ?? null]),
      [
        ['next', null],
        ['tenant:acme', 'outage'],
      ],
    );
    assert.equal(cleanup.at(-1)?.title, 'virtual: restore partner faults');
    assert.equal(cleanup.at(-1)?.status, 'passed');
    assert.deepEqual(
      after.map((l) => [l.layer, l.profile ?? null]),
      [['tenant:acme', 'slow']],
    );
  });

  test('scope run (default): the run’s own layers vanish and nobody else’s are touched', async () => {
    await services.admin.reset({ partner: 'tax' });
    await services.admin.setFaults('tax', { profile: 'slow', tenant: 'acme' });
    const { during, after, traceId } = await run([{ virtual: 'tax', faults: [{ error: 502 }] }]);
    assert.deepEqual(
      during.map((l) => l.layer),
      [`trace:${traceId}`, 'tenant:acme'],
    );
    assert.deepEqual(
      after.map((l) => l.layer),
      ['tenant:acme'],
    );
  });

  test('an unknown profile fails the step with the admin API’s message and hint', async () => {
    const ctx = engine();
    const execution = new ScenarioExecution({
      scenario: { name: 's', steps: [{ virtual: 'tax', profile: 'flakey' }] } as unknown as Scenario,
      file: 's',
      engine: ctx,
    });
    const [result] = await execution.start();
    assert.equal(result!.status, 'errored');
    assert.match(result!.error!.message, /flakey/);
    assert.match(result!.error!.hint ?? result!.error!.message, /flaky/);
  });
});
