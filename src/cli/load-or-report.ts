import { resolve } from 'node:path';
import { loadProject, type MachineChecks } from '../loader/load-project.js';
import type { Project } from '../loader/project.js';
import { printDiagnostics, type Output } from './output.js';

/**
 * Loads the project; prints every problem and returns undefined when there are any. With
 * `machine`, also checks what the selected environment needs from this machine (`run`).
 */
export function loadOrReport(
  root: string,
  environment: string | undefined,
  output: Output,
  machine?: MachineChecks,
): Project | undefined {
  const result = loadProject({
    root: resolve(root),
    environment,
    ...(machine ? { machine } : {}),
  });
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  if (!result.project) {
    printDiagnostics(output, result.diagnostics, result.sources);
    return undefined;
  }
  if (warnings.length) printDiagnostics(output, warnings, result.sources);
  return result.project;
}
