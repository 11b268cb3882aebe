/**
 * A problem found in a user's file or configuration, as data. Diagnostics are
 * collected (never thrown one by one) and turned into text in one place:
 * `formatDiagnostics`.
 *
 * @example
 * const d: Diagnostic = { code: 'REHEARSE_UNKNOWN_KEY', message: 'Unknown key "expct"',
 *   file: 'scenarios/a.scenario.yaml', line: 4, column: 5, path: 'steps[0]', hint: 'Did you mean "expect"?' };
 */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `REHEARSE_UNKNOWN_KEY`. */
  code: string;
  message: string;
  severity?: 'error' | 'warning';
  /** Path of the file, relative to the project when possible. */
  file?: string;
  /** 1-based line and column of the offending node. */
  line?: number;
  column?: number;
  /** Property path inside the document, e.g. `steps[2].with.qty`. */
  path?: string;
  /** What was expected there, in words. */
  expected?: string;
  /** How to fix it (a did-you-mean, the valid names, an example). */
  hint?: string;
}

/** A source position of a node in a file. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Renders `segments` as a readable property path: `steps[2].with.qty`. */
export function formatPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function isError(diagnostic: Diagnostic): boolean {
  return diagnostic.severity !== 'warning';
}
