import { loadProject, type LoadOptions, type LoadResult } from '../loader/load-project.js';
import { readProjectSnapshot } from '../loader/project-snapshot.js';

const loads = new Map<string, LoadResult>();

/**
 * The project as this Playwright process loads it, once: `defineRehearseConfig` and the
 * scenario files' declarations read the same files with the same options, so they share one
 * load (a load is most of a process's start-up). In Playwright's runner process — it lists the
 * tests and runs none — a trusted load leaves the page objects out (`skipPageObjects`); its
 * workers (`TEST_WORKER_INDEX` set) import them. Under `rehearse run`, `snapshot` names the
 * project the CLI validated (see `writeProjectSnapshot`): when it is there and of `trustedDigest`,
 * it is the load, no file is parsed, and page objects are imported on first use. Errors: none
 * thrown; see `LoadResult.diagnostics`.
 */
export function projectOfProcess(
  options: Pick<LoadOptions, 'root' | 'environment' | 'trustedDigest'> & { snapshot?: string },
): LoadResult {
  const key = JSON.stringify([options.root, options.environment ?? null, options.trustedDigest ?? null]);
  const known = loads.get(key);
  if (known) return known;
  const handed =
    options.snapshot && options.trustedDigest
      ? readProjectSnapshot(options.snapshot, options.trustedDigest)
      : undefined;
  if (handed) {
    const loaded: LoadResult = { project: handed, diagnostics: [], sources: new Map(), digest: handed.digest };
    loads.set(key, loaded);
    return loaded;
  }
  const loaded = loadProject({
    root: options.root,
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.trustedDigest !== undefined ? { trustedDigest: options.trustedDigest } : {}),
    skipPageObjects: process.env.TEST_WORKER_INDEX === undefined,
  });
  loads.set(key, loaded);
  return loaded;
}
