import { loadProject, type LoadOptions, type LoadResult } from '../loader/load-project.js';

const loads = new Map<string, LoadResult>();

/**
 * The project as this Playwright process loads it, once: `defineRehearseConfig` and the
 * scenario files' declarations read the same files with the same options, so they share one
 * load (a load is most of a process's start-up). In Playwright's runner process — it lists the
 * tests and runs none — a trusted load leaves the page objects out (`skipPageObjects`); its
 * workers (`TEST_WORKER_INDEX` set) import them. Errors: none thrown; see `LoadResult.diagnostics`.
 */
export function projectOfProcess(options: Pick<LoadOptions, 'root' | 'environment' | 'trustedDigest'>): LoadResult {
  const key = JSON.stringify([options.root, options.environment ?? null, options.trustedDigest ?? null]);
  const known = loads.get(key);
  if (known) return known;
  const loaded = loadProject({
    root: options.root,
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.trustedDigest !== undefined ? { trustedDigest: options.trustedDigest } : {}),
    skipPageObjects: process.env.TEST_WORKER_INDEX === undefined,
  });
  loads.set(key, loaded);
  return loaded;
}
