import type { CheckResult } from '../matchers/index.js';

/** The outcome of one check (an assertion), as the matchers report it. */
export type CheckOutcome = CheckResult;

/** A recorded HTTP exchange, already redacted by the driver. */
export interface ExchangeRecord {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body?: string };
  timings: { startedAt: string; connectMs?: number; ttfbMs?: number; totalMs: number };
  attempts: number;
  /** Why each attempt before the last was retried (network failures of idempotent requests), in order. */
  retries?: string[];
  /** The redirects followed before this exchange, in order: `302 GET <from> → <to>`. */
  redirects?: string[];
  traceparent: string;
  error?: string;
}

/** Something a step shows in the report besides its exchanges. Already redacted. */
export interface StepAttachment {
  name: string;
  contentType: string;
  body: string;
  /** `base64`: `body` is binary (a PNG screenshot) written in base64; absent: `body` is the text itself. */
  encoding?: 'base64';
  /** `always` (documents exchanged) or only when the step fails (diagnostics). */
  when: 'always' | 'failure';
}

export type StepStatus = 'passed' | 'failed' | 'errored' | 'skipped';

/** A problem that stopped a step: a user or environment error, with a code. */
export interface StepError {
  code: string;
  message: string;
  hint?: string;
}

/**
 * What one step yields. `failed` = an assertion did not hold (the product
 * misbehaved); `errored` = the step could not be carried out (network,
 * auth, a missing value); `skipped` = not run (an earlier step stopped the block,
 * or its `if` was false).
 */
export interface StepResult {
  kind: string;
  title: string;
  /** The action a `do:` step ran (`order.create`): per-action latency in reports and SLOs. */
  action?: string;
  /** Position of the step in its file, for messages. */
  location?: string;
  status: StepStatus;
  startedAt: string;
  durationMs: number;
  checks: CheckOutcome[];
  exchanges: ExchangeRecord[];
  error?: StepError;
  /** Nested steps (action implementation, blocks, iterations). */
  children?: StepResult[];
  /** `eventually`: how many attempts ran. */
  attempts?: number;
  /** Readable extras for the report: EDI documents, journal excerpts. */
  attachments?: StepAttachment[];
  /** Values captured by `save`, redacted. */
  saved?: Record<string, unknown>;
  /** Why a step was skipped. */
  reason?: string;
  /**
   * A passing step past the first thousand of its scenario run (see `StepRecords`): how many
   * checks passed and how many exchanges it made, neither kept.
   */
  trimmed?: { checks: number; exchanges: number };
  /** `kind: 'iterations'`: the iterations of a `repeat` or `parallel` block folded into one (see `IterationResults`). */
  summary?: IterationSummary;
}

/**
 * Iterations of a block folded into one result: how many, how many passed (the others failed
 * like an iteration kept whole), and per step position (`0`, `0.1`: the second step inside the
 * first) its title, kind, action, runs, failures and each run's duration in ms.
 */
export interface IterationSummary {
  iterations: number;
  passed: number;
  steps: Array<{
    position: string;
    title: string;
    kind: string;
    action?: string;
    runs: number;
    failed: number;
    durationsMs: number[];
  }>;
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  file: string;
  /** The business workflow it rehearses (see `scenarioLabels`): reports group by it. */
  workflow: string;
  tenant: string;
  driver: string;
  traceId: string;
  runId: string;
  seed: string;
  status: StepStatus;
  startedAt: string;
  durationMs: number;
  steps: StepResult[];
  cleanup: StepResult[];
  /** Requests per virtual partner answered with an injected fault during the run (see `faultsInjected`); absent when unknown. */
  faultsInjected?: Record<string, number>;
  /** Why the scenario is `skipped` (none of its steps ran). */
  reason?: string;
  /** The first step that failed or errored, flattened to its deepest cause. */
  failure?: { title: string; status: StepStatus; message: string };
}

/** Worst status of a list: errored > failed > passed > skipped. */
export function worstStatus(statuses: Iterable<StepStatus>): StepStatus {
  let worst: StepStatus = 'skipped';
  const rank: Record<StepStatus, number> = { skipped: 0, passed: 1, failed: 2, errored: 3 };
  let any = false;
  for (const status of statuses) {
    any = true;
    if (rank[status] > rank[worst]) worst = status;
  }
  return any ? worst : 'passed';
}
