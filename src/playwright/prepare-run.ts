import { parseDuration } from '../core/duration.js';
import { Redactor } from '../core/redactor.js';
import { isHostAllowed } from '../core/egress.js';
import { RehearseError } from '../core/errors.js';
import type { ResolvedEnvironment } from '../environment/resolve-environment.js';
import type { Project } from '../loader/project.js';
import type { DriverName } from '../schema/index.js';
import type { EarlyTarget } from './early-target.js';
import type { EmbeddedTarget } from './embedded-target.js';
import type { PreflightOptions } from './preflight.js';
import type { RunOptions } from './run-options.js';

/** The target of a run, once it is known (and, for an embedded environment, started). */
export interface RunTarget {
  baseUrl: string;
  /** The embedded sandbox and virtual partners, when this run started them; close them at its end. */
  embedded?: EmbeddedTarget;
  /** What the preflight checks (before the run and, for a "target down" verdict, after it). */
  probe: PreflightOptions;
}

/**
 * Starts the embedded sandbox and virtual partners when the environment is `embedded` and no
 * base URL was given (`--base-url`), filling `environment` with their URLs and the tenants'
 * generated credentials; then checks there is a base URL on an allowed host. Shared by
 * `rehearse run` and the config's `globalSetup` (a plain `npx playwright test`).
 *
 * @throws RehearseError `REHEARSE_NO_BASE_URL`, `REHEARSE_HOST_NOT_ALLOWED`,
 * `REHEARSE_SANDBOX_PROVISIONING`. Whatever it started is closed before it throws.
 */
export async function startRunTarget(input: {
  project: Project;
  environment: ResolvedEnvironment;
  seed: string;
  baseUrlGiven: boolean;
  /** The sandbox and partners started before validation (see `startTargetEarly`): taken over when the target is embedded. */
  early?: EarlyTarget;
  onStart?: (what: string) => void;
}): Promise<RunTarget> {
  const { environment } = input;
  let embedded: EmbeddedTarget | undefined;
  if (environment.embedded && !input.baseUrlGiven) {
    input.onStart?.(`Starting the embedded ${environment.embedded}…`);
    // Loaded only when needed: a run against a URL does not pay for the sandbox and msw.
    const { startEmbeddedTarget } = await import('./embedded-target.js');
    input.early?.adopt();
    embedded = await startEmbeddedTarget({
      project: input.project,
      seed: input.seed,
      ...(input.early ? { sandbox: input.early.sandbox, virtual: input.early.virtual } : {}),
    });
    adoptEmbeddedTarget(environment, embedded);
  }
  try {
    const baseUrl = environment.baseUrl;
    if (!baseUrl) {
      throw new RehearseError(
        'REHEARSE_NO_BASE_URL',
        `Failed to start the run: environment "${environment.name}" has no base URL.`,
        { hint: 'Set baseUrl in rehearse.config.yaml or pass --base-url.' },
      );
    }
    if (!isHostAllowed(baseUrl, environment.allowedHosts)) {
      throw new RehearseError(
        'REHEARSE_HOST_NOT_ALLOWED',
        `Failed to start the run: ${new URL(baseUrl).host} is not in the allowedHosts of environment "${environment.name}".`,
        {
          hint: `Add it to environments.${environment.name}.allowedHosts in rehearse.config.yaml if it is really the target.`,
        },
      );
    }
    const probe: PreflightOptions = {
      baseUrl,
      healthPath: environment.healthPath,
      versionPath: environment.versionPath,
      allowedHosts: environment.allowedHosts,
      ...(environment.heartbeat ? { heartbeat: environment.heartbeat } : {}),
    };
    return { baseUrl, probe, ...(embedded ? { embedded } : {}) };
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}

/** What a run decided beyond the project: its identity, filters and flags. */
export interface RunChoices {
  root: string;
  project: Project;
  environment: ResolvedEnvironment;
  baseUrl: string;
  runId: string;
  seed: string;
  /** When the run started (ms since the epoch). */
  startedAt: number;
  scenarios: string[];
  tenants: string[];
  drivers: DriverName[];
  reporters: string[];
  outputDir: string;
  summaryFile?: string;
  previousSummary?: string;
  /** `--fail-on-slo` / `--fail-on-flaky`, for the business summary's verdict. */
  gates?: { failOnSlo: boolean; failOnFlaky: boolean };
  strictCleanup?: boolean;
  workers?: number;
  retries?: number;
  /** Test timeout, ms (`--timeout`); default `timeouts.scenario` of the config. */
  timeoutMs?: number;
  /** What the target's version endpoint said, as read: masked here (see `redactedDeployment`). */
  deployment: Record<string, unknown> | undefined;
}

/**
 * Points `environment` at a started embedded target: its base, UI and virtual-partner URLs, and
 * the tenants' generated auth, ids and UI sign-ins (added to what the environment names itself).
 */
export function adoptEmbeddedTarget(environment: ResolvedEnvironment, embedded: EmbeddedTarget): void {
  environment.baseUrl = embedded.baseUrl;
  environment.uiUrl ??= embedded.baseUrl;
  environment.virtualUrl = embedded.virtualUrl;
  Object.assign(environment.tenantAuth, embedded.tenantAuth);
  Object.assign(environment.tenantIds, embedded.tenantIds);
  Object.assign(environment.tenantUi, embedded.tenantUi);
}

/** The `RunOptions` every Playwright process of the run reads (see `RUN_OPTIONS_VARIABLE`). */
export function runOptionsOf(choices: RunChoices): RunOptions {
  const { project, environment } = choices;
  const config = project.config;
  return {
    root: choices.root,
    projectDigest: project.digest,
    runId: choices.runId,
    seed: choices.seed,
    startedAt: new Date(choices.startedAt).toISOString(),
    environment: environment.name,
    baseUrl: choices.baseUrl,
    uiUrl: environment.uiUrl,
    virtualUrl: environment.virtualUrl,
    allowedHosts: environment.allowedHosts,
    production: environment.production,
    exposedEnv: environment.exposed,
    tenantAuth: environment.tenantAuth,
    tenantIds: environment.tenantIds,
    tenantUi: environment.tenantUi,
    ui: {
      ...(config.ui?.login ? { login: config.ui.login } : {}),
      ...(config.ui?.loginUrl ? { loginUrl: config.ui.loginUrl } : {}),
      trace: config.ui?.trace ?? 'on-first-retry',
      screenshot: config.ui?.screenshot ?? 'only-on-failure',
      headless: config.ui?.headless ?? true,
    },
    scenarios: choices.scenarios,
    tenants: choices.tenants,
    drivers: choices.drivers,
    reporters: choices.reporters,
    outputDir: choices.outputDir,
    ...(choices.summaryFile ? { summaryFile: choices.summaryFile } : {}),
    ...(choices.previousSummary ? { previousSummary: choices.previousSummary } : {}),
    ...(choices.gates ? { gates: choices.gates } : {}),
    strictCleanup: choices.strictCleanup ?? config.strictCleanup ?? false,
    workers: choices.workers ?? config.workers,
    retries: choices.retries ?? config.retries?.scenario,
    timeoutMs: choices.timeoutMs ?? scenarioTimeoutMs(project),
    cleanupTimeoutMs: config.timeouts?.cleanup ? parseDuration(config.timeouts.cleanup) : undefined,
    requestTimeoutMs: parseDuration(config.timeouts?.step ?? '30s') ?? 30_000,
    driverTimeouts: driverTimeouts(config.timeouts),
    networkRetries: config.retries?.network ?? 2,
    redact: { fields: config.redact?.fields ?? [], headers: config.redact?.headers ?? [] },
    deployment: redactedDeployment(project, choices.deployment),
  };
}

/**
 * The target's deployment metadata (its version endpoint's answer) with fields named like secrets
 * (built-in names and the config's `redact.fields`) masked: the target's own words reach reports,
 * the console and every Playwright process, so they are masked once, before any of them.
 */
export function redactedDeployment(
  project: Project,
  deployment: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  return deployment && new Redactor({ fields: project.config.redact?.fields ?? [] }).redactValue(deployment);
}

/** `timeouts.scenario` of the config, ms. */
export function scenarioTimeoutMs(project: Project): number | undefined {
  const value = project.config.timeouts?.scenario;
  return value ? parseDuration(value) : undefined;
}

/** A run id: the start time (UTC, to the second) and six random hex digits. */
export function newRunId(startedAt: number, random: string): string {
  return `${new Date(startedAt).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${random}`;
}

function driverTimeouts(timeouts: { connect?: string; headers?: string; body?: string } | undefined) {
  const ms = (value: string | undefined) => (value === undefined ? undefined : parseDuration(value));
  const result = { connectMs: ms(timeouts?.connect), headersMs: ms(timeouts?.headers), bodyMs: ms(timeouts?.body) };
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as {
    connectMs?: number;
    headersMs?: number;
    bodyMs?: number;
  };
}
