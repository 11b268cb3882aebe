import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redactor } from '../../src/core/redactor.js';
import { createRng } from '../../src/core/rng.js';
import { createApiClient, newTraceId, type ApiClient } from '../../src/drivers/api/index.js';
import { DIRECT_HOST, type EngineContext } from '../../src/engine/context.js';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { createSchemaValidator } from '../../src/engine/schema-validator.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Project } from '../../src/loader/project.js';
import type { Scenario } from '../../src/schema/index.js';
import { startVirtualServices, type VirtualServicesHandle } from '../../src/virtual/index.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const SERVICES = fileURLToPath(new URL('../../virtual-services', import.meta.url));

/**
 * The engine's `virtual` steps run for real against the virtual services over
 * HTTP; after the scenario's cleanup the partner's faults are what they were.
 */
describe('virtual steps put back the faults they changed when the scenario ends', () => {
  let services: VirtualServicesHandle;
  let project: TempProject;
  let loaded: Project;
  const clients: ApiClient[] = [];
  before(async () => {
    services = await startVirtualServices({ dir: SERVICES, seed: 'restore', port: 0, host: '127.0.0.1' });
    project = tempProject({ 'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n' });
    const result = loadProject({ root: project.dir });
    assert.ok(result.project, JSON.stringify(result.diagnostics));
    loaded = result.project;
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await services.close();
    project.remove();
  });

  const engine = (): EngineContext => {
    const redactor = new Redactor();
    const traceId = newTraceId();
    const transport = createApiClient({ redactor, traceId, allowedHosts: ['127.0.0.1'] });
    clients.push(transport);
    const profile = loaded.tenants.get('standard')!.profile;
    return {
      project: loaded,
      tenant: { ...profile, tenantId: 'acme', faults: { tax: 'slow' } },
      run: {
        id: 'r1',
        seed: '1',
        startedAt: new Date().toISOString(),
        scenario: 's',
        tenant: 'standard',
        driver: 'api',
        traceId,
      },
      env: {},
      baseUrl: '',
      virtualUrl: services.url,
      virtualChanges: new Map(),
      ediSent: [],
      scenarioStartedAt: new Date().toISOString(),
      transport,
      redactor,
      rng: createRng('1'),
      host: DIRECT_HOST,
      signal: new AbortController().signal,
      requestTimeoutMs: 5000,
      now: () => new Date(),
      validateSchema: createSchemaValidator(new Map()),
    };
  };
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
