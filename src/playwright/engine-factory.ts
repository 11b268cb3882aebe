import { Redactor } from '../core/redactor.js';
import { createRng } from '../core/rng.js';
import { resolveSecretRef } from '../core/secret-ref.js';
import { createApiClient, createAuthProvider, newTraceId, type ApiClient } from '../drivers/api/index.js';
import { RehearseError } from '../core/errors.js';
import {
  DIRECT_HOST,
  type EngineContext,
  type SentEdiDocument,
  type StepHost,
  type VirtualChanges,
} from '../engine/context.js';
import { createSchemaValidator } from '../engine/schema-validator.js';
import type { MatrixEntry } from '../loader/matrix.js';
import type { Project } from '../loader/project.js';
import type { RunOptions } from './run-options.js';

export interface EngineHandle {
  engine: EngineContext;
  /**
   * Stops in-flight requests of the steps (timeout, interrupt). A
   * `ScenarioTimeoutReason` makes their errors say the scenario ran out of
   * time waiting for the target; no reason means the run was interrupted.
   */
  abort(reason?: unknown): void;
  /** A context with a live signal for cleanup steps, sharing scope-independent state. */
  freshForCleanup(): Promise<{ engine: EngineContext; close(): Promise<void> }>;
  close(): Promise<void>;
}

export interface EngineFactoryOptions {
  project: Project;
  options: RunOptions;
  entry: MatrixEntry;
  host?: StepHost;
  /** Playwright's `testInfo.repeatEachIndex`: part of the scenario run's identity for fault draws. */
  repeatIndex?: number;
}

/**
 * Builds what one scenario run needs: a redactor that knows every secret of the
 * tenant, an API client (one trace id for the whole run), a seeded RNG and the
 * run's identity.
 */
export async function createEngineContext(factory: EngineFactoryOptions): Promise<EngineHandle> {
  const { project, options, entry } = factory;
  const profile = project.tenants.get(entry.tenant)!.profile;
  const redactor = new Redactor({ fields: options.redact.fields, headers: options.redact.headers });
  const traceId = newTraceId();
  const authConfig = options.tenantAuth[entry.tenant] ?? profile.auth;
  const resolveSecret = (ref: string) => {
    const value = resolveSecretRef(ref, { baseDir: project.root, secretDirs: project.config.secretDirs });
    redactor.addSecret(value);
    return value;
  };

  const makeClient = (): ApiClient =>
    createApiClient({
      redactor,
      traceId,
      allowedHosts: options.allowedHosts,
      production: options.production,
      prodSafe: (entry.scenario.tags ?? []).some((t) => t.replace(/^@/, '') === 'prod-safe'),
      auth: authConfig
        ? (self) =>
            createAuthProvider(authConfig, {
              resolveSecret,
              addSecret: (value) => redactor.addSecret(value),
              baseUrl: options.baseUrl,
              fetchToken: async ({ url, form }) => {
                const result = await self.send({
                  method: 'POST',
                  url,
                  body: { form },
                  noAuth: true,
                  tokenRequest: true,
                });
                if (!result.ok)
                  throw new RehearseError(result.error.code, `Failed to get an OAuth2 token: ${result.error.message}`, {
                    hint: result.error.hint ?? '',
                  });
                return { status: result.response.status, json: result.response.json };
              },
            })
        : undefined,
      retries: { count: options.networkRetries, backoffMs: 100 },
      ...(options.driverTimeouts ? { timeouts: options.driverTimeouts } : {}),
    });

  const tenantId = options.tenantIds[entry.tenant] ?? profile.tenantId ?? profile.name;
  // Shared by the steps' context and the cleanup context: cleanup restores what the steps changed.
  const virtualChanges: VirtualChanges = new Map();
  const ediSent: SentEdiDocument[] = [];
  const scenarioStartedAt = new Date().toISOString();
  const make = (client: ApiClient, signal: AbortSignal, host: StepHost): EngineContext => ({
    project,
    tenant: { ...profile, tenantId },
    run: {
      id: options.runId,
      seed: options.seed,
      startedAt: options.startedAt,
      scenario: entry.scenario.name,
      tenant: entry.tenant,
      driver: entry.driver,
      traceId,
      repeatIndex: factory.repeatIndex ?? 0,
    },
    env: options.exposedEnv,
    baseUrl: options.baseUrl ?? '',
    ...(options.virtualUrl ? { virtualUrl: options.virtualUrl } : {}),
    virtualChanges,
    ediSent,
    scenarioStartedAt,
    transport: client,
    redactor,
    rng: createRng(`${options.seed}/${entry.scenario.name}/${entry.tenant}/${entry.driver}`),
    host,
    signal,
    requestTimeoutMs: options.requestTimeoutMs,
    now: () => new Date(),
    validateSchema: createSchemaValidator(project.dataSchemas),
  });

  let client: ApiClient;
  try {
    client = makeClient();
  } catch (error) {
    throw asSetupError(error);
  }
  const controller = new AbortController();
  const host = factory.host ?? DIRECT_HOST;
  return {
    engine: make(client, controller.signal, host),
    abort: (reason) => controller.abort(reason),
    freshForCleanup: async () => {
      const cleanupClient = makeClient();
      return { engine: make(cleanupClient, new AbortController().signal, host), close: () => cleanupClient.close() };
    },
    close: () => client.close(),
  };
}

function asSetupError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
