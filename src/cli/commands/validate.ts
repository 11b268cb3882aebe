import { resolve } from 'node:path';
import { loadProject } from '../../loader/load-project.js';
import { EXIT } from '../exit-codes.js';
import { printDiagnostics, type Output } from '../output.js';

export interface ValidateOptions {
  dir: string;
  env?: string;
  format: 'text' | 'json';
}

/** `rehearse validate`: load and check every file; no browser, no network. */
export function validateCommand(options: ValidateOptions, output: Output): number {
  const result = loadProject({ root: resolve(options.dir), environment: options.env, machine: {} });
  const errors = result.diagnostics.filter((d) => d.severity !== 'warning');
  if (options.format === 'json') {
    output.out(JSON.stringify({ valid: errors.length === 0, problems: result.diagnostics }, null, 2));
  } else if (result.diagnostics.length) {
    printDiagnostics(output, result.diagnostics, result.sources);
  }
  if (errors.length) return EXIT.invalid;
  if (options.format === 'text' && result.project) {
    const p = result.project;
    output.out(
      `✓ ${p.scenarios.length} scenario(s), ${p.actions.size} action(s), ${p.fragments.size} fragment(s), ${p.tenants.size} tenant profile(s): all valid.`,
    );
  }
  return EXIT.passed;
}
