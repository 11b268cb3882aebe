/** What the fault engine knows about a request when it decides. */
export interface RequestFacts {
  method: string;
  /** Path relative to the partner prefix, without the query. */
  path: string;
  segments: readonly string[];
  tenant: string | undefined;
  /** The W3C trace id of the request's `traceparent`: the scenario run whose work caused it. */
  traceId: string | undefined;
  /** Computed on first use (it may read the body). */
  tradingPartner(): string | undefined;
}

/** A fault that replaces the response. */
export type TerminalFault =
  | { kind: 'error'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'reset' }
  | { kind: 'hang'; maxMs: number };

/** A fault that damages or slows the real response. */
export type ShapeFault =
  | { kind: 'empty' }
  | { kind: 'malformed' }
  | { kind: 'truncated' }
  | { kind: 'dribble'; chunkBytes: number; intervalMs: number };

/** One rule that fired for a request, as recorded in the journal. */
export interface AppliedFault {
  /** The rule's name, or `#<index>` in its profile. */
  rule: string;
  /** `default`, `tenant:<id>` or `next` — which layer of faults it came from. */
  layer: string;
  profile?: string;
  /** latency, error, reset, hang, empty, malformed, truncated, dribble, rate-limit. */
  kind: string;
  /** Milliseconds of latency this rule added. */
  latencyMs?: number;
  status?: number;
}

/** The engine's decision for one request; undefined means "no fault". */
export interface FaultDecision {
  latencyMs: number;
  terminal?: TerminalFault;
  shape?: ShapeFault;
  applied: AppliedFault[];
}

/** Where `hang: true` gives up at the latest, so nothing waits forever. */
export const DEFAULT_HANG_MS = 120_000;
