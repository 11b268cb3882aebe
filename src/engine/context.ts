import type { Redactor } from '../core/redactor.js';
import type { Rng } from '../core/rng.js';
import type { Origin, Project } from '../loader/project.js';
import type { TenantProfile } from '../schema/index.js';
import type { StepResult } from './results.js';
import type { StepRecords } from './step-records.js';
import type { Scope } from './scope.js';
import type { HttpTransport } from './transport.js';
import type { UiDriver } from './ui-port.js';

/** Identity of one scenario run, readable in expressions as `run.*`. */
export interface RunInfo {
  id: string;
  seed: string;
  startedAt: string;
  scenario: string;
  tenant: string;
  driver: string;
  traceId: string;
  /** Playwright's `repeatEachIndex` (0 unless `--repeat-each`): part of the scenario run's identity. */
  repeatIndex?: number;
}

/**
 * How the host shows steps: the Playwright host wraps each step in
 * `test.step`; a plain host just calls `body`.
 */
export interface StepHost {
  /** `at`: where the step was written (file relative to the project, 1-based line and column), when known. */
  step(title: string, body: () => Promise<StepResult>, at?: Origin): Promise<StepResult>;
}

export const DIRECT_HOST: StepHost = { step: (_title, body) => body() };

/** Everything a step needs; one per scenario run, shared by its steps. */
export interface EngineContext {
  project: Project;
  tenant: TenantProfile;
  run: RunInfo;
  /** Environment values exposed to expressions as `env.NAME`. */
  env: Readonly<Record<string, string>>;
  baseUrl: string;
  /** When this scenario run started (ISO); journals are read from here on. */
  scenarioStartedAt: string;
  /** The virtual partner services (their `/__admin` API), when the environment has them. */
  virtualUrl?: string;
  /** Partners whose faults this run changed, restored when the run ends. Shared with the cleanup context. */
  virtualChanges: VirtualChanges;
  /** Control numbers of the EDI documents this run sent, newest last. */
  ediSent: SentEdiDocument[];
  transport: HttpTransport;
  /** The browser page `ui:` steps drive; present only in runs whose driver is `ui`. */
  ui?: UiDriver;
  redactor: Redactor;
  rng: Rng;
  host: StepHost;
  signal: AbortSignal;
  /** Default per-request timeout, ms. */
  requestTimeoutMs: number;
  now: () => Date;
  /** How much of each passing step this phase of the run keeps (absent: everything). */
  records?: StepRecords;
  /** Validates a value against a data schema by name. */
  validateSchema(name: string, value: unknown): { ok: boolean; errors: string[] };
  /**
   * The context of the same scenario run acting as another tenant profile (`as: <tenant>`):
   * that tenant's `tenant.*`, credentials and cookie jar; the run's identity, trace id, signal,
   * redactor and RNG are shared. Made on first use and kept for the run (the same tenant gets
   * the same session back; the run's own tenant gets this run's context). Absent: the host
   * cannot act as another tenant. Throws `REHEARSE_UNKNOWN_TENANT` for a name with no profile.
   */
  forTenant?(name: string): EngineContext;
}

/** A partner's fault layer as it was before this run changed it. */
export interface SavedFaultLayer {
  scope: 'run' | 'tenant' | 'all';
  profile?: string;
  rules: unknown[];
}

/** `<partner>/<scope>` → the layer a `virtual` step replaced, restored when the run ends. */
export type VirtualChanges = Map<string, SavedFaultLayer & { partner: string }>;

export interface SentEdiDocument {
  set: string;
  sender: string;
  receiver: string;
  interchangeControlNumber: string;
  groupControlNumber: string;
}

/** A step runs with the shared context and its own variable scope. */
export interface StepContext {
  engine: EngineContext;
  scope: Scope;
  /** Where the step list lives, e.g. `scenarios/a.scenario.yaml`. */
  file: string;
  /** How many `include`/`do` this step list is inside (0 or absent: the scenario's own). */
  depth?: number;
}
