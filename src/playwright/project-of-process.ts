import type { LoadOptions, LoadResult } from '../loader/load-project.js';
import type { Project } from '../loader/project.js';
import { readProjectSnapshot } from '../loader/project-snapshot.js';
import { readRunOptions } from './run-options.js';

// Under `rehearse run` every Playwright process reads the project the CLI validated from its
// snapshot, so the loader — yaml, TypeBox's 247 modules, every check: about 300 modules, each a
// round trip to Playwright's loader thread — is imported only by a process the snapshot will not
// serve (plain `npx playwright test`, or a snapshot gone or of other files). The snapshot is read
// here, before the first import, since `defineRehearseConfig` must answer synchronously.
const run = readRunOptions();
const handedAtStart: Project | undefined =
  run?.projectSnapshot && run.projectDigest ? readProjectSnapshot(run.projectSnapshot, run.projectDigest) : undefined;
const loader = handedAtStart ? undefined : await import('../loader/load-project.js');

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
      ? options.snapshot === run?.projectSnapshot && options.trustedDigest === run.projectDigest
        ? handedAtStart
        : readProjectSnapshot(options.snapshot, options.trustedDigest)
      : undefined;
  if (handed) {
    const loaded: LoadResult = { project: handed, diagnostics: [], sources: new Map(), digest: handed.digest };
    loads.set(key, loaded);
    return loaded;
  }
  if (!loader)
    throw new Error(
      `Failed to load the Rehearse project at ${options.root}: this process read the run's snapshot, and was asked for another project.`,
    );
  const loaded = loader.loadProject({
    root: options.root,
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.trustedDigest !== undefined ? { trustedDigest: options.trustedDigest } : {}),
    skipPageObjects: process.env.TEST_WORKER_INDEX === undefined,
  });
  loads.set(key, loaded);
  return loaded;
}
