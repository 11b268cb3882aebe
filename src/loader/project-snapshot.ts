import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { RehearseError } from '../core/errors.js';
import { formatDiagnostics } from '../core/format-diagnostics.js';
import type { LoadContext } from './load-context.js';
import { loadPageObjects } from './load-page-objects.js';
import type { LoadedPageObject, Origin, Project } from './project.js';
import { findProjectFiles } from './project-files.js';
import { rememberStepOrigins, stepOriginsUnder } from './step-origins.js';

/** Bump when `Project` changes shape: a snapshot of another shape is ignored (the process loads the files). */
const SNAPSHOT_FORMAT = 1;

interface SnapshotContent {
  format: number;
  digest: string;
  project: Omit<Project, 'pages'>;
  /** Positions of every step, kept beside the steps in the writing process (see step-origins.ts). */
  origins: Array<[object, Origin]>;
}

/**
 * Path of the snapshot of run `runId` written by process `pid`: `<dir>/project-<runId>-<pid>.v8`.
 * The pid in the name lets a later run tell a snapshot whose run was killed (SIGKILL, the OOM
 * killer: no `finally` removed it) from a concurrent run's (`snapshotFileOf`).
 */
export function projectSnapshotFile(dir: string, runId: string, pid: number): string {
  return join(dir, `project-${runId}-${pid}.v8`);
}

/** What a file name in the snapshot folder says of the run that wrote it (see `snapshotFileOf`). */
export interface SnapshotFileName {
  runId: string;
  /** The writing process; undefined in a name written before names carried it. */
  pid: number | undefined;
  /** A temporary file of `writeProjectSnapshot` (`<file>.<pid>.tmp`), left when the writer was killed mid-write. */
  temp: boolean;
}

// The run id is `newRunId`'s: `<yyyymmddThhmmss>-<hex>`.
const SNAPSHOT_NAME = /^project-(\d{8}T\d{6}-[0-9a-f]+)(?:-(\d+))?\.v8(?:\.(\d+)\.tmp)?$/;

/** The run and process a snapshot's file name (no folder) names; undefined for any other file. */
export function snapshotFileOf(name: string): SnapshotFileName | undefined {
  const match = SNAPSHOT_NAME.exec(name);
  if (!match) return undefined;
  const pid = match[2] ?? match[3];
  return { runId: match[1]!, pid: pid === undefined ? undefined : Number(pid), temp: match[3] !== undefined };
}

/**
 * Writes a validated project as `rehearse run` loaded it, for Playwright's runner and workers
 * (`readProjectSnapshot`): they run what the CLI validated without parsing a file again, which was
 * a third of each process's start-up. V8's serialization keeps Maps and shared objects, and the
 * steps' positions travel beside them. The page objects (modules, not data) are left out. Written
 * to a temporary file and renamed, so a reader never sees half of it.
 *
 * Errors: those of `writeFileSync` and `renameSync` (the caller's folder must exist).
 */
export function writeProjectSnapshot(project: Project, file: string): void {
  const { pages: _modules, ...data } = project;
  const content: SnapshotContent = {
    format: SNAPSHOT_FORMAT,
    digest: project.digest,
    project: data,
    origins: stepOriginsUnder(data),
  };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, serialize(content));
  renameSync(temp, file);
}

/**
 * The project a `writeProjectSnapshot` wrote, when it is there, readable, of this format and
 * of `digest` (the run's `projectDigest`); otherwise `undefined`, and the caller loads the files
 * as before. Its `pages` are imported on first use (only a ui step naming a page object uses
 * them): an api-only worker never starts the TypeScript compiler. A page module that fails to
 * import then throws `RehearseError` `REHEARSE_PAGE_OBJECT_LOAD_FAILED` with the diagnostics.
 */
export function readProjectSnapshot(file: string, digest: string): Project | undefined {
  let content: SnapshotContent;
  try {
    content = deserialize(readFileSync(file)) as SnapshotContent;
  } catch {
    return undefined;
  }
  if (content?.format !== SNAPSHOT_FORMAT || content.digest !== digest) return undefined;
  rememberStepOrigins(content.origins);
  const project = content.project as Project;
  let pages: Map<string, LoadedPageObject> | undefined;
  Object.defineProperty(project, 'pages', {
    enumerable: true,
    get: () => (pages ??= importPageObjects(project.root)),
  });
  return project;
}

function importPageObjects(root: string): Map<string, LoadedPageObject> {
  const load: LoadContext = { root, diagnostics: [], sources: new Map() };
  const pages = loadPageObjects(load, findProjectFiles(root).pages);
  const errors = load.diagnostics.filter((d) => d.severity !== 'warning');
  if (errors.length > 0) {
    throw new RehearseError(
      'REHEARSE_PAGE_OBJECT_LOAD_FAILED',
      `Failed to load the page objects:\n${formatDiagnostics(errors, { sources: load.sources })}`,
      { hint: 'A page module changed since the run validated it: run `rehearse validate`.' },
    );
  }
  return pages;
}
