import type { Diagnostic } from '../core/diagnostic.js';
import { loadDrill } from './load-drill.js';
import type { Project } from './project.js';

/** Drill diagnostics that name what the rest of the project defines: not said while that has errors of its own. */
const NAMES_FROM_THE_PROJECT = new Set([
  'REHEARSE_UNKNOWN_SCENARIO',
  'REHEARSE_UNKNOWN_TENANT',
  'REHEARSE_DRILL_DRIVER',
  'REHEARSE_DRILL_RECORD_NOT_SAVED',
]);

/**
 * Checks every drill file of a project (`drills/**\/*.drill.yaml`) as `rehearse drill` would
 * (see `loadDrill`: schema, phases, names, thresholds), so `rehearse validate` refuses a broken
 * drill at its file:line:col before anyone runs it. `projectHasErrors`: the scenarios or tenants
 * did not all load, so a drill's reference to one is not called unknown (the real problem is
 * reported in its own file); the drill's own shape is still checked.
 * Codes: those of `loadDrill`.
 */
export function checkDrills(
  project: Project,
  files: readonly string[],
  projectHasErrors: boolean,
): { diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  for (const file of files) {
    const result = loadDrill(project, file);
    for (const [name, text] of result.sources) sources.set(name, text);
    diagnostics.push(...result.diagnostics.filter((d) => !(projectHasErrors && NAMES_FROM_THE_PROJECT.has(d.code))));
  }
  return { diagnostics, sources };
}
