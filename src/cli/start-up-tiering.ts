import { setFlagsFromString } from 'node:v8';

/** V8's `--interrupt-budget` (bytes of bytecode run between tier-up checks) since V8 10: 66 KiB. */
const V8_DEFAULT_BUDGET = 66 * 1024;
/** While starting: 16 times as much code runs before V8 weighs optimising a function. */
const START_UP_BUDGET = 16 * V8_DEFAULT_BUDGET;

/** Set while the start-up budget is in force: what ends it. */
let endStartUp: (() => void) | undefined;

/**
 * Makes V8 wait longer before it optimises a function (TurboFan), until `startUpDone()`. A CLI
 * start loads hundreds of modules, parses YAML and builds schemas: code run a few hundred times,
 * which V8 optimised in its background threads for code that will not run again. On 2 cores that
 * was a quarter of the CPU of `rehearse validate` (user+sys 1.26 s, 0.95 s with it) and of
 * `rehearse sandbox` until healthy (2.8 s, 2.1 s). `main` calls it for every command; a command
 * that then runs for long — a server, a run, a load, a drill: what serves and measures traffic —
 * calls `startUpDone()` once its target is healthy, so that code is optimised as V8 does by
 * default. The flag is process-wide, so it covers the embedded sandbox's thread too. Left alone
 * when the user set `--interrupt-budget` on node's command line. Calling it again while in force
 * does nothing. Throws nothing.
 *
 * @example
 * delayOptimisationWhileStarting();
 * await startServers();
 * startUpDone();
 */
export function delayOptimisationWhileStarting(): void {
  // NODE_OPTIONS cannot carry V8 flags: node's own command line is the only place to set it.
  if (endStartUp || process.execArgv.some((arg) => /^--interrupt[-_]budget\b/.test(arg))) return;
  setFlagsFromString(`--interrupt-budget=${START_UP_BUDGET}`);
  endStartUp = () => setFlagsFromString(`--interrupt-budget=${V8_DEFAULT_BUDGET}`);
}

/** Puts V8's default optimisation budget back (see `delayOptimisationWhileStarting`); once. */
export function startUpDone(): void {
  const end = endStartUp;
  endStartUp = undefined;
  end?.();
}
