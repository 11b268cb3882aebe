import { Redactor } from '../../src/core/redactor.js';
import { createRng } from '../../src/core/rng.js';
import { createApiClient, newTraceId, type ApiClient } from '../../src/drivers/api/index.js';
import { DIRECT_HOST, type EngineContext } from '../../src/engine/context.js';
import { createSchemaValidator } from '../../src/engine/schema-validator.js';
import type { Project } from '../../src/loader/project.js';

/**
 * What a test needs to run scenarios through the real engine and the real API driver: a
 * context for the `standard` tenant of `project` (override any field), each with a fresh
 * redactor, trace id and client; `close()` closes every client made.
 */
export function engineContexts(project: Project): {
  engine(overrides?: Partial<EngineContext>): EngineContext;
  close(): Promise<void>;
} {
  const clients: ApiClient[] = [];
  return {
    engine(overrides = {}) {
      const redactor = overrides.redactor ?? new Redactor();
      const traceId = newTraceId();
      const transport = createApiClient({ redactor, traceId, allowedHosts: ['127.0.0.1'] });
      clients.push(transport);
      return {
        project,
        tenant: project.tenants.get('standard')!.profile,
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
        ...overrides,
      };
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}
