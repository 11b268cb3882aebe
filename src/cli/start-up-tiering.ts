import { setFlagsFromString } from 'node:v8';

/** V8's `--interrupt-budget` (bytes of bytecode run between tier-up checks) since V8 10: 66 KiB. */
const V8_DEFAULT_BUDGET = 66 * 1024;
/** While starting: 16 times as much code runs before V8 weighs optimising a function. */
const START_UP_BUDGET = 16 * V8_DEFAULT_BUDGET;

/**
 * Makes V8 wait longer before it optimises a function (TurboFan), until the returned function
 * is called (`main` never calls it: most commands end once started; `rehearse sandbox`, a server
 * that runs for long, does once healthy). A CLI start loads hundreds of modules, parses YAML and
 * builds schemas: code run a few hundred times, which V8 optimised in its background threads for
 * code that will not run again. On 2 cores that was a quarter of the CPU of `rehearse validate`
 * (user+sys 1.26 s, 0.95 s with it) and of `rehearse sandbox` until healthy (2.8 s, 2.1 s).
 * Functions hot for longer are still optimised, only a little later.
 * The flag is process-wide, so it covers the sandbox's own thread too. Left alone when the user
 * set `--interrupt-budget` on node's command line. Throws nothing.
 *
 * @example
 * const started = delayOptimisationWhileStarting();
 * await startServers();
 * started();
 */
export function delayOptimisationWhileStarting(): () => void {
  // NODE_OPTIONS cannot carry V8 flags: node's own command line is the only place to set it.
  if (process.execArgv.some((arg) => /^--interrupt[-_]budget\b/.test(arg))) return () => undefined;
  setFlagsFromString(`--interrupt-budget=${START_UP_BUDGET}`);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    setFlagsFromString(`--interrupt-budget=${V8_DEFAULT_BUDGET}`);
  };
}
