import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadOptions, LoadResult } from '../loader/load-project.js';
import { readProjectSnapshot } from '../loader/project-snapshot.js';
import { readRunOptions } from './run-options.js';

// Under `rehearse run` every Playwright process reads the project the CLI validated from its
// snapshot, so the loader — yaml, TypeBox's 247 modules, every check: about 300 modules, each a
// round trip to Playwright's loader thread — is imported only by a process that has no snapshot
// to read (plain `npx playwright test`). A snapshot that is there now and gone (or damaged) when
// `defineRehearseConfig` reads it is loaded around in a child process instead, since the config
// must answer synchronously (see `loadProjectInChild`).
const run = readRunOptions();
const loader =
  run?.projectSnapshot && existsSync(run.projectSnapshot) ? undefined : await import('../loader/load-project.js');

const CHILD = fileURLToPath(new URL('./load-project-child.js', import.meta.url));

const loads = new Map<string, LoadResult>();

/**
 * The project as this Playwright process loads it, once: `defineRehearseConfig` and the
 * scenario files' declarations read the same files with the same options, so they share one
 * load (a load is most of a process's start-up). In Playwright's runner process — it lists the
 * tests and runs none — a trusted load leaves the page objects out (`skipPageObjects`); its
 * workers (`TEST_WORKER_INDEX` set) import them. Under `rehearse run`, `snapshot` names the
 * project the CLI validated (see `writeProjectSnapshot`): when it is there and of `trustedDigest`,
 * it is the load, no file is parsed, and page objects are imported on first use. Errors: none
 * thrown, see `LoadResult.diagnostics` — except where a snapshot that was there when this process
 * started is gone: then an invalid project throws (see `loadProjectInChild`).
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
  const loadOptions: LoadOptions = {
    root: options.root,
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.trustedDigest !== undefined ? { trustedDigest: options.trustedDigest } : {}),
    skipPageObjects: process.env.TEST_WORKER_INDEX === undefined,
  };
  const loaded = loader ? loader.loadProject(loadOptions) : loadProjectInChild(loadOptions);
  loads.set(key, loaded);
  return loaded;
}

/**
 * `loadProject` in a child process (`load-project-child.ts`), for a process that did not import
 * the loader because the run's snapshot was there when it started: the child validates the
 * files and writes a snapshot this process reads. Errors: an invalid project throws an `Error`
 * with the diagnostics as `rehearse validate` prints them (the config and the tests'
 * declarations cannot go on without a project).
 */
function loadProjectInChild(options: LoadOptions): LoadResult {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-project-'));
  try {
    const file = join(dir, 'project.v8');
    let digest: string;
    try {
      digest = execFileSync(process.execPath, [CHILD, JSON.stringify(options), file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? String(error);
      throw new Error(`Rehearse project is invalid:\n${stderr}`);
    }
    const project = readProjectSnapshot(file, digest);
    if (!project)
      throw new Error(`Failed to load the Rehearse project at ${options.root}: its snapshot was unreadable.`);
    return { project, diagnostics: [], sources: new Map(), digest: project.digest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
