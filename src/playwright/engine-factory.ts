import type { Dispatcher } from 'undici';
import { Redactor } from '../core/redactor.js';
import { learnWrittenSecrets } from '../engine/written-secrets.js';
import { createRng } from '../core/rng.js';
import { newTraceId, type ApiClient, type CookieJars } from '../drivers/api/index.js';
import { suggestionHint } from '../core/did-you-mean.js';
import { RehearseError } from '../core/errors.js';
import {
  DIRECT_HOST,
  type EngineContext,
  type SentEdiDocument,
  type StepHost,
  type VirtualChanges,
} from '../engine/context.js';
import { createSchemaValidator } from '../engine/schema-validator.js';
import { StepRecords } from '../engine/step-records.js';
import type { MatrixEntry } from '../loader/matrix.js';
import type { Project } from '../loader/project.js';
import type { TenantProfile } from '../schema/index.js';
import type { UiDriver } from '../engine/ui-port.js';
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
  /** Playwright's `testInfo.repeatEachIndex`: part of the scenario run's identity for fault and fake-data draws. */
  repeatIndex?: number;
  /** Playwright's `testInfo.retry` (0 on the first attempt): a retry draws fake data of its own. */
  retry?: number;
  /** The run's redactor, when the host made it first (a ui test registers its session's secrets before the run starts). */
  redactor?: Redactor;
  /** The page `ui:` steps drive (runs of the ui driver): on the steps' and the cleanup's contexts. */
  ui?: UiDriver;
  /**
   * How many steps of each phase keep their exchanges and passing checks whole (`StepRecords`;
   * default `FULL_STEP_RECORDS`, 1,000). A run that reports nothing step by step (`rehearse load`
   * keeps pass or fail, the first cause and the actions' times) passes 0: a passing step's
   * exchange is then never made (its redaction and serialisation were most of the records'
   * cost), while a failed or errored step still keeps its evidence whole.
   */
  fullStepRecords?: number;
  /**
   * Connections the run's API clients share with other runs (`createConnectionPool`): the passes
   * of a load run or a drill reuse them. Default: each client its own, closed with the run.
   */
  pool?: Dispatcher;
}

/**
 * Builds what one scenario run needs: a redactor that knows every secret of the
 * tenant, an API client (one trace id for the whole run), a seeded RNG and the
 * run's identity. A tenant the scenario borrows with `as:` gets its own client (auth,
 * cookie jar) and `tenant.*` on first use (`EngineContext.forTenant`), closed with the run's.
 */
export async function createEngineContext(factory: EngineFactoryOptions): Promise<EngineHandle> {
  const { project, options, entry } = factory;
  const redactor = factory.redactor ?? newRunRedactor(options);
  // Before any step runs: what quotes the files (code frames, step snippets) must mask secrets written in them.
  learnWrittenSecrets(redactor, project);
  const traceId = newTraceId();
  const profileOf = (tenant: string): TenantProfile => {
    const loaded = project.tenants.get(tenant);
    if (loaded) return loaded.profile;
    throw new RehearseError(
      'REHEARSE_UNKNOWN_TENANT',
      `Failed to act as tenant "${tenant}": no tenant profile has that name.`,
      {
        hint: suggestionHint(tenant, [...project.tenants.keys()].sort(), 'tenant profile'),
      },
    );
  };

  // The steps and the cleanup of one run are one session per tenant: the cleanup clients share the jars.
  const jarsByTenant = new Map<string, CookieJars>();
  // One client per tenant the run acts as: its own auth (token cache, login), cookies and default headers.
  const makeClient = (tenant: string, engine: () => EngineContext): ApiClient => {
    const jars = jarsByTenant.get(tenant);
    const made = createTenantClient({
      project,
      options,
      tenant,
      redactor,
      traceId,
      prodSafe: (entry.scenario.tags ?? []).some((t) => t.replace(/^@/, '') === 'prod-safe'),
      // A `login` auth runs its action as the tenant it logs in, in the phase that first needs a token.
      engine,
      ...(jars ? { jars } : {}),
      ...(factory.pool ? { pool: factory.pool } : {}),
    });
    jarsByTenant.set(tenant, made.jars);
    return made.client;
  };

  // Shared by the steps' context and the cleanup context: cleanup restores what the steps changed.
  const virtualChanges: VirtualChanges = new Map();
  const ediSent: SentEdiDocument[] = [];
  const scenarioStartedAt = new Date().toISOString();
  const validateSchema = createSchemaValidator(project.dataSchemas);
  /**
   * The contexts of one phase (steps, or cleanup) by tenant: the run's own, and each tenant an
   * `as:` borrows, made on first use. They share signal, host, RNG and redactor; `close` closes
   * every client the phase opened.
   */
  const phase = (signal: AbortSignal, host: StepHost) => {
    const contexts = new Map<string, EngineContext>();
    const clients: ApiClient[] = [];
    const rng = createRng(fakeDataKey(options.seed, entry, factory.repeatIndex ?? 0, factory.retry ?? 0));
    const records = new StepRecords(factory.fullStepRecords);
    const forTenant = (tenant: string): EngineContext => {
      const known = contexts.get(tenant);
      if (known) return known;
      const profile = profileOf(tenant);
      const client = makeClient(tenant, () => contexts.get(tenant)!);
      clients.push(client);
      const tenantId = options.tenantIds[tenant] ?? profile.tenantId ?? profile.name;
      const context: EngineContext = {
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
        ...(factory.ui ? { ui: factory.ui } : {}),
        redactor,
        rng,
        host,
        signal,
        requestTimeoutMs: options.requestTimeoutMs,
        now: () => new Date(),
        validateSchema,
        records,
        forTenant,
      };
      contexts.set(tenant, context);
      return context;
    };
    const close = async () => {
      await Promise.all(clients.map((client) => client.close()));
    };
    return { engine: forTenant(entry.tenant), close };
  };

  let steps: ReturnType<typeof phase>;
  const controller = new AbortController();
  const host = factory.host ?? DIRECT_HOST;
  try {
    steps = phase(controller.signal, host);
  } catch (error) {
    throw asSetupError(error);
  }
  return {
    engine: steps.engine,
    abort: (reason) => controller.abort(reason),
    freshForCleanup: async () => phase(new AbortController().signal, host),
    close: steps.close,
  };
}

/**
 * What seeds a scenario run's fake data: the run's seed, the scenario, tenant and driver — and the
 * `--repeat-each` copy and the retry when they are not the first, so copies running at once and a
 * retry after a half-done attempt never draw the same PO number or code (a search by it would
 * find both). A replay with the same seed draws the same values, copy for copy.
 */
export function fakeDataKey(seed: string, entry: MatrixEntry, repeatIndex: number, retry: number): string {
  const base = `${seed}/${entry.scenario.name}/${entry.tenant}/${entry.driver}`;
  return `${base}${repeatIndex ? `/repeat-${repeatIndex}` : ''}${retry ? `/retry-${retry}` : ''}`;
}

/** A scenario run's redactor: the config's `redact.fields` and `redact.headers` on top of the built-in names. */
export function newRunRedactor(options: RunOptions): Redactor {
  return new Redactor({ fields: options.redact.fields, headers: options.redact.headers });
}

function asSetupError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
