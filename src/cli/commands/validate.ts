import { resolve } from 'node:path';
import { annotateCharacters } from '../../core/character-notes.js';
import { lineIndex, type LineIndex } from '../../core/line-index.js';
import { loadProject } from '../../loader/load-project.js';
import { EXIT } from '../exit-codes.js';
import { printDiagnostics, type Output } from '../output.js';

export interface ValidateOptions {
  dir: string;
  env?: string;
  format: 'text' | 'json';
}

/** Problems listed at most by `--format json`; `omitted` counts the rest. */
const MAX_JSON_PROBLEMS = 1000;

/** `rehearse validate`: load and check every file; no browser, no network. */
export function validateCommand(options: ValidateOptions, output: Output): number {
  const result = loadProject({ root: resolve(options.dir), environment: options.env, machine: {} });
  const errors = result.diagnostics.filter((d) => d.severity !== 'warning');
  if (options.format === 'json') {
    // Bounded like the text output: a generated file can hold a million duplicate keys.
    const shown = result.diagnostics.slice(0, MAX_JSON_PROBLEMS);
    const indexes = new Map<string, LineIndex>();
    const problems = annotateCharacters(shown, (file) => {
      const text = result.sources.get(file);
      if (text === undefined) return undefined;
      if (!indexes.has(file)) indexes.set(file, lineIndex(text));
      return indexes.get(file);
    });
    const omitted = result.diagnostics.length - shown.length;
    output.out(JSON.stringify({ valid: errors.length === 0, problems, ...(omitted ? { omitted } : {}) }, null, 2));
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
