import { Redactor } from '../core/redactor.js';
import { createRng } from '../core/rng.js';
import { newTraceId, type ApiClient, type CookieJars } from '../drivers/api/index.js';
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
import { createTenantClient } from './tenant-client.js';

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
  // The login of a `login` auth runs in the context of the step that first needs a token.
  let current: EngineContext | undefined;
  let jars: CookieJars | undefined;
  // The steps and the cleanup of one run are one session: the cleanup client shares the jars.
  const makeClient = (): ApiClient => {
    const made = createTenantClient({
      project,
      options,
      tenant: entry.tenant,
      redactor,
      traceId,
      prodSafe: (entry.scenario.tags ?? []).some((t) => t.replace(/^@/, '') === 'prod-safe'),
      engine: () => current!,
      ...(jars ? { jars } : {}),
    });
    jars = made.jars;
    return made.client;
  };

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
  const engine = make(client, controller.signal, host);
  current = engine;
  return {
    engine,
    abort: (reason) => controller.abort(reason),
    freshForCleanup: async () => {
      const cleanupClient = makeClient();
      const cleanup = make(cleanupClient, new AbortController().signal, host);
      current = cleanup;
      return { engine: cleanup, close: () => cleanupClient.close() };
    },
    close: () => client.close(),
  };
}

function asSetupError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
