/** The outcome of one check (an assertion). Serializable: it goes into reports. */
export interface CheckResult {
  /** What was checked, e.g. `status`, `body.lines[0].qty`, `maxDuration`. */
  path: string;
  matcher: string;
  expected: unknown;
  actual: unknown;
  passed: boolean;
  message: string;
}
