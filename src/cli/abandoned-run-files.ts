import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../core/process-tree.js';
import { snapshotFileOf } from '../loader/project-snapshot.js';
import { removeSetupValues } from '../playwright/setup-values.js';

/** A file of a run whose name carries no pid (written before names did) is abandoned after this long (ms). */
const LEGACY_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const RUN_SUMMARY = /^run-summary-(.+)\.json$/;

/** A live pid on a file older than this (ms) is another process that got the pid: its run is gone. */
const LIVE_PID_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The runs this process has under way (`claimRunFiles`): a file named with this process's pid is
 * another process's when its run is not among them — in a container Rehearse is pid 1 every time,
 * and the files an earlier container's killed run left on a volume carry that same pid.
 */
const runsOfThisProcess = new Set<string>();

/** Marks `runId` as a run of this process until `releaseRunFiles`: its files are never removed as abandoned. */
export function claimRunFiles(runId: string): void {
  runsOfThisProcess.add(runId);
}

/** The run ended (its `finally`): see `claimRunFiles`. */
export function releaseRunFiles(runId: string): void {
  runsOfThisProcess.delete(runId);
}

/**
 * Removes what killed runs left in `<root>/<generatedDir>` (SIGKILL, the OOM killer: their
 * `finally` never ran): the project snapshot (`project-<runId>-<pid>.v8`, and its `.tmp`), the
 * run summary (`run-summary-<runId>.json`) and the setup values (`setup/<runId>/`) of every run
 * whose process (the pid in the snapshot's name) is gone — or is this process, which has no such
 * run under way (`claimRunFiles`: Rehearse is pid 1 in every container), or is a live process
 * whose file is over a week old (the pid was reused). A live run's files — a concurrent
 * `rehearse run` in the same project — are never touched. A name without a pid (an older
 * Rehearse) and a run summary with no snapshot beside it are removed once older than a day.
 * `alive` and `now` (epoch ms) are for tests. Best effort: a file that cannot be removed stays.
 * Returns the run ids whose files were removed.
 */
export function removeAbandonedRunFiles(
  root: string,
  generatedDir: string,
  options: { alive?: (pid: number) => boolean; now?: number } = {},
): string[] {
  const dir = join(root, generatedDir);
  const alive = options.alive ?? isAlive;
  const now = options.now ?? Date.now();
  const olderThan = (name: string, ms: number) => {
    try {
      return now - statSync(join(dir, name)).mtimeMs > ms;
    } catch {
      return false;
    }
  };
  const old = (name: string) => olderThan(name, LEGACY_MAX_AGE_MS);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const live = new Set<string>();
  const gone = new Set<string>();
  for (const name of names) {
    const snapshot = snapshotFileOf(name);
    if (!snapshot) continue;
    const abandoned =
      snapshot.pid === undefined
        ? old(name)
        : snapshot.pid === process.pid
          ? !runsOfThisProcess.has(snapshot.runId)
          : !alive(snapshot.pid) || olderThan(name, LIVE_PID_MAX_AGE_MS);
    (abandoned ? gone : live).add(snapshot.runId);
  }
  for (const name of names) {
    const runId = snapshotFileOf(name)?.runId ?? RUN_SUMMARY.exec(name)?.[1];
    if (runId === undefined || live.has(runId)) continue;
    if (gone.has(runId) || (RUN_SUMMARY.test(name) && old(name))) remove(join(dir, name));
  }
  for (const runId of gone) {
    try {
      removeSetupValues(root, runId);
    } catch {
      // Best effort, as above.
    }
  }
  return [...gone];
}

function remove(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Best effort: a file that cannot be removed is left for a later run.
  }
}
