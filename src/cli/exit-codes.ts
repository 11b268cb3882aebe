/** The CLI's exit codes; the post-deploy gate relies on them. */
export const EXIT = {
  /** Every selected scenario passed. */
  passed: 0,
  /** At least one scenario failed: the release is broken (or a scenario is). */
  failed: 1,
  /** Invalid files, flags or configuration: nothing ran. */
  invalid: 2,
  /** The target failed its preflight health check: staging is down, the release was not tested. */
  targetDown: 3,
  /** The run was interrupted (SIGINT/SIGTERM); cleanup ran. */
  interrupted: 130,
} as const;
