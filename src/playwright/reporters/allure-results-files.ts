import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Files allure-js writes: results, containers, attachments, the environment and categories. */
const ALLURE_FILE =
  /^(?:[0-9a-f-]{36}-(?:result\.json|container\.json|attachment(?:\.\w+)?)|environment\.properties|categories\.json|executor\.json)$/;

/**
 * Removes the files a previous run left in the Allure results folder `dir` (allure-js never
 * does), so the report of a run shows that run only. Only Allure's own files go: anything else
 * stays. A folder that is not there is nothing to do. Used by the Allure reporter when a run
 * begins, and by `rehearse run` before it starts (a run without `--reporter allure` leaves no
 * earlier run's results to be read as its own).
 */
export function clearAllureResults(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (ALLURE_FILE.test(name)) rmSync(join(dir, name), { force: true, recursive: true });
}
