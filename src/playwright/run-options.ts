import type { AuthConfig, DriverName } from '../schema/index.js';

/** Name of the environment variable that carries `RunOptions` to Playwright's processes. */
export const RUN_OPTIONS_VARIABLE = 'REHEARSE_RUN';

/**
 * What the CLI decided for this run, shared with the Playwright config and
 * every worker. Holds secret *references* only, never secret values.
 */
export interface RunOptions {
  root: string;
  /** `Project.digest` of the load the CLI validated: Playwright's processes reload without the schema checks. */
  projectDigest?: string;
  /**
   * The validated project as the CLI loaded it (`writeProjectSnapshot`, absolute path): Playwright's
   * processes read it instead of the files when its digest is `projectDigest`.
   */
  projectSnapshot?: string;
  runId: string;
  seed: string;
  startedAt: string;
  environment: string;
  baseUrl: string | undefined;
  uiUrl: string | undefined;
  /** Virtual partner services (admin API under /__admin) for `virtual` and `edi` steps. */
  virtualUrl: string | undefined;
  allowedHosts: string[];
  production: boolean;
  exposedEnv: Record<string, string>;
  /** Auth per tenant for this environment (overrides the profile's own). */
  tenantAuth: Record<string, AuthConfig>;
  tenantIds: Record<string, string>;
  /** The tenants' UI sign-in for the ui driver's login action (secret references). */
  tenantUi?: Record<string, { username: string; password: string }>;
  /** The ui driver's settings (config `ui:`, with defaults); absent: the defaults. */
  ui?: UiRunOptions;
  scenarios: string[];
  tenants: string[];
  drivers: DriverName[];
  reporters: string[];
  outputDir: string;
  /** The business summary to compare this run's with (`--compare`); default: the last one in the output folder. */
  previousSummary?: string;
  /** `--fail-on-slo` / `--fail-on-flaky`: the business summary judges its verdict with them. */
  gates?: { failOnSlo: boolean; failOnFlaky: boolean };
  /** Where the run-summary reporter writes what the CLI needs for its verdict (absolute path). */
  summaryFile?: string;
  /** A failed cleanup step fails the scenario (`--strict-cleanup`, config `strictCleanup`). */
  strictCleanup?: boolean;
  workers: number | undefined;
  retries: number | undefined;
  timeoutMs: number | undefined;
  /** `timeouts.cleanup`: budget of a scenario's cleanup steps on top of its timeout, ms (default 30 s). */
  cleanupTimeoutMs?: number;
  requestTimeoutMs: number;
  /** undici's connect / headers / body timeouts, ms (config `timeouts.connect|headers|body`). */
  driverTimeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  networkRetries: number;
  redact: { fields: string[]; headers: string[] };
  /** Deployment metadata from the target's version endpoint. */
  deployment: Record<string, unknown> | undefined;
  /** What the shards of this run share (config metadata `runGroup`, read by `rehearse report merge`). */
  runGroup?: RunGroup;
}

/**
 * What every shard of one `rehearse run` carries in its Playwright config metadata (`runGroup`),
 * so that `rehearse report merge` can tell the blobs of one run from another's and count what is missing.
 */
export interface RunGroup {
  /** Digest (16 hex digits) of the tests the whole run selects before `--shard`, its environment, `--grep` and `--repeat-each`. */
  selection: string;
  /** How many tests the whole run selects before `--shard` splits it. */
  tests: number;
  /** The CI pipeline run (`github:<repo>/<run id>`, `gitlab:<project>/<pipeline id>`, ...), when a CI variable names it. */
  pipeline?: string;
}

/** `ui:` of the config as a run uses it. */
export interface UiRunOptions {
  /** The action that signs a tenant in (its `ui:` implementation); none: ui tests start signed out. */
  login?: string;
  /** Path of the sign-in screen (session renewal); default: the login action's first `goto`, else `/login`. */
  loginUrl?: string;
  trace: 'on-first-retry' | 'on' | 'off' | 'retain-on-failure' | 'on-all-retries';
  screenshot: 'only-on-failure' | 'on' | 'off';
  headless: boolean;
}

export function readRunOptions(env: NodeJS.ProcessEnv = process.env): RunOptions | undefined {
  const text = env[RUN_OPTIONS_VARIABLE];
  return text ? (JSON.parse(text) as RunOptions) : undefined;
}
