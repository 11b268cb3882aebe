/**
 * The CLI's exit codes; the post-deploy gate relies on them. An interrupted
 * run exits 128 + the signal's number, as shells report a process a signal
 * ended (POSIX `wait` status; SIGHUP 1, SIGINT 2, SIGTERM 15), so a pipeline
 * reads the same code whether Rehearse or its launcher is the one it waited for.
 */
export const EXIT = {
  /** Every selected scenario passed. */
  passed: 0,
  /** At least one scenario failed: the release is broken (or a scenario is). */
  failed: 1,
  /** Invalid files, flags or configuration: nothing ran. */
  invalid: 2,
  /** The target failed its preflight health check: staging is down, the release was not tested. */
  targetDown: 3,
  /** SIGHUP (the terminal closed): stopped as for SIGTERM. */
  hangup: 129,
  /** SIGINT (Ctrl-C): the run stopped, cleanup ran, partial reports were written. */
  interrupted: 130,
  /** SIGTERM (a CI cancel, `docker stop`, Kubernetes), or the launcher (npx, npm) died: stopped as for SIGINT. */
  terminated: 143,
} as const;
