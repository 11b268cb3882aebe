import type { Redactor } from '../core/redactor.js';
import { createRng } from '../core/rng.js';
import { newTraceId, type ApiClient } from '../drivers/api/index.js';
import { DIRECT_HOST, type EngineContext } from '../engine/context.js';
import { createSchemaValidator } from '../engine/schema-validator.js';
import type { Project } from '../loader/project.js';
import { createTenantClient } from '../playwright/tenant-client.js';
import type { RunOptions } from '../playwright/run-options.js';

export interface PreflightClientOptions {
  project: Project;
  /** What a run would hand its scenarios: base URL, allowed hosts, tenant auth and ids. */
  options: RunOptions;
  tenant: string;
  /** The preflight's redactor: every secret the tenant's auth resolves or obtains is registered with it. */
  redactor: Redactor;
  signal: AbortSignal;
}

/**
 * The API client a tenant's scenarios would get — its auth (the environment's override, else the
 * profile's), default headers and cookies — built by the same `createTenantClient`, so the
 * preflight proves the very credentials and providers the run will use. A `login` auth runs
 * its action in a context of its own (no scenario, no report: `DIRECT_HOST`).
 *
 * Errors: the client's own (`REHEARSE_SECRET_MISSING` when a reference resolves to nothing).
 *
 * @example
 * const client = preflightClient({ project, options, tenant: 'standard', redactor, signal });
 */
export function preflightClient(o: PreflightClientOptions): ApiClient {
  const { project, options, tenant, redactor } = o;
  const profile = project.tenants.get(tenant)!.profile;
  const tenantId = options.tenantIds[tenant] ?? profile.tenantId ?? profile.name;
  const traceId = newTraceId();
  let engine: EngineContext | undefined;
  const { client } = createTenantClient({
    project,
    options,
    tenant,
    redactor,
    traceId,
    // Reads only, and token requests (allowed in production as they are for scenarios).
    prodSafe: false,
    engine: () => (engine ??= loginContext()),
  });
  return client;

  function loginContext(): EngineContext {
    return {
      project,
      tenant: { ...profile, tenantId },
      run: {
        id: options.runId,
        seed: options.seed,
        startedAt: options.startedAt,
        scenario: 'preflight',
        tenant,
        driver: 'api',
        traceId,
      },
      env: options.exposedEnv,
      baseUrl: options.baseUrl ?? '',
      scenarioStartedAt: new Date().toISOString(),
      virtualChanges: new Map(),
      ediSent: [],
      transport: client,
      redactor,
      rng: createRng(`${options.seed}/preflight/${tenant}`),
      host: DIRECT_HOST,
      signal: o.signal,
      requestTimeoutMs: options.requestTimeoutMs,
      now: () => new Date(),
      validateSchema: createSchemaValidator(project.dataSchemas),
    };
  }
}
