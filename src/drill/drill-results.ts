import type { DrillOperationKind } from '../schema/index.js';

/** Bumped when a reader of `drill-results.json` would misread an older file. */
export const DRILL_RESULTS_VERSION = 1;

/** One synthetic transaction (one pass of a traffic scenario). Times in ms from the drill's start. */
export interface DrillTransaction {
  tenant: string;
  scenario: string;
  atMs: number;
  durationMs: number;
  passed: boolean;
  /** The first failure, briefly (`order.create: check status (eq)`), when it failed. */
  failure?: string;
  /** Ran during a `scenarios:` phase rather than as traffic. */
  phase?: number;
}

/** What a phase did, and when (ms from the drill's start). */
export interface PhaseRecord {
  index: number;
  name: string;
  type: 'operation' | 'scenarios' | 'wait' | 'check';
  kind?: DrillOperationKind;
  /** `file:line:col` of the phase. */
  location: string;
  startMs: number;
  endMs: number;
  outcome: 'done' | 'failed' | 'timed-out' | 'skipped' | 'interrupted';
  /** Why it failed, or what it printed last (redacted). */
  detail?: string;
}

/** Latency of passing transactions, ms; absent percentiles when none passed. */
export interface LatencySummary {
  count: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
}

/** A window without a good transaction: from the first failed one's start to the end of the first good one after it. */
export interface DowntimeWindow {
  fromMs: number;
  /** Absent: no good transaction came before the drill ended. */
  toMs?: number;
  failed: number;
}

/** One operation seen from one tenant's traffic: the transactions that started during it and what followed, until the next operation. */
export interface OperationFigures {
  phase: number;
  name: string;
  kind: DrillOperationKind;
  transactions: number;
  failed: number;
  errorRate: number;
  latency: LatencySummary;
  /** During ÷ baseline, per percentile; absent when either side has no passing transaction. */
  latencyShift: { p50?: number; p95?: number; p99?: number };
  /** restore and rollback: from the operation's start to the end of the first good transaction started after it ended; null = none came. */
  rtoMs?: number | null;
}

/** A confirmed business record whose re-read after recovery was not present-same. */
export interface RecordProblem {
  record: string;
  id: string;
  status: 'lost' | 'changed' | 'duplicated' | 'unreadable';
  /** When it was confirmed (ms from the drill's start); the age of a lost one is the recovery point it shows. */
  confirmedAtMs: number;
  ageMs?: number;
  detail: string;
}

export interface ReconciliationFigures {
  confirmed: number;
  presentSame: number;
  lost: number;
  changed: number;
  duplicated: number;
  unreadable: number;
  /** The oldest lost or changed record's age at the first restore or rollback: the measured recovery point. */
  rpoMs?: number;
  problems: RecordProblem[];
}

/** A job that was in flight (queued, running, retrying) at an operation, and how it ended. */
export interface JobProblem {
  id: number;
  type: string;
  ref: string;
  status: 'unfinished' | 'duplicated' | 'gone';
  detail: string;
}

export interface JobFigures {
  inFlight: number;
  completedOnce: number;
  unfinished: number;
  duplicated: number;
  /** Jobs no longer listed at all (a restore to before they existed; their records are reconciled). */
  gone: number;
  problems: JobProblem[];
  /** Why the jobs could not be read (the target has no jobs API). */
  unavailable?: string;
}

export interface TenantFigures {
  tenant: string;
  transactions: { total: number; passed: number; failed: number };
  baseline: LatencySummary & { errorRate: number };
  downtime: { totalMs: number; longestMs: number; windows: DowntimeWindow[] };
  /** Worst over the restore and rollback operations; null when one never recovered; absent without them. */
  rtoMs?: number | null;
  operations: OperationFigures[];
  reconciliation: ReconciliationFigures;
  jobs: JobFigures;
}

/** One threshold judged against the worst tenant. */
export interface DrillVerdict {
  threshold: string;
  passed: boolean;
  /** The measured value (ms, count or ratio); null when it could not be measured (which fails). */
  actual: number | null;
  tenant?: string;
}

/** `drill-results.json`. Times are ms from `startedAt` (UTC ISO 8601) unless named otherwise. */
export interface DrillResults {
  version: typeof DRILL_RESULTS_VERSION;
  drill: string;
  file: string;
  environment: string;
  targetUrl: string;
  startedAt: string;
  durationMs: number;
  baselineMs: number;
  status: 'passed' | 'failed' | 'target-down' | 'interrupted';
  phases: PhaseRecord[];
  tenants: TenantFigures[];
  verdicts: DrillVerdict[];
  /** Every transaction, traffic and phase scenarios (at most `MAX_KEPT_TRANSACTIONS`; `dropped` counts the rest). */
  transactions: DrillTransaction[];
  droppedTransactions: number;
  /** Arrivals skipped because `maxInFlight` transactions were still running (the target was that slow). */
  skippedArrivals: number;
}

/** A drill keeps each transaction for its timeline; past this many, only counts are kept. */
export const MAX_KEPT_TRANSACTIONS = 20_000;
