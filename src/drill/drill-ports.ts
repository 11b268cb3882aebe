/** What one pass of a scenario came to, with the values its steps saved (order ids and the like). */
export interface TransactionOutcome {
  passed: boolean;
  /** The first failure, briefly, when it failed. */
  failure?: string;
  /**
   * What the target actually answered at that failure, redacted: `503 RESTARTING: The release is
   * restarting`, `got 401`, a network error. The key (`failure`) says where; this says why.
   */
  cause?: string;
  /** `save:` captures of the scenario's steps, redacted, by name. */
  saved: Record<string, unknown>;
}

/** A GET answered by the target. */
export interface ReadAnswer {
  status: number;
  json: unknown;
}

/**
 * What a drill is handed by its caller (the CLI wires the engine and the API driver in, as
 * `rehearse load` hands src/load its iteration): src/drill itself runs no scenario and opens no
 * tenant session, so it knows no runner.
 */
export interface DrillPorts {
  /** One pass of `scenario` as `tenant` through the API driver; resolves (never rejects) when `signal` aborts. */
  transact(input: { tenant: string; scenario: string; signal: AbortSignal }): Promise<TransactionOutcome>;
  /** A GET of `path` on the target with `tenant`'s credentials; `{ error }` when no answer came. */
  read(input: { tenant: string; path: string; signal: AbortSignal }): Promise<ReadAnswer | { error: string }>;
  /** A line for the person watching: operations before they run, phases, progress. */
  log(line: string): void;
}
