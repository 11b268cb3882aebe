import { formatDiagnostics } from '../core/format-diagnostics.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { InvalidProjectError, type RehearseError } from '../core/errors.js';
import { Redactor } from '../core/redactor.js';

/** Where the CLI writes; tests replace it to capture output. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
}

// The CLI's own lines quote URLs the user gave (`--base-url http://user:pass@host`, a code frame of
// an `http:` line): their user-info is masked by its shape, as in every report.
const urlCredentials = new Redactor();
const line = (text: string) => {
  const masked = urlCredentials.redactText(text);
  return masked.endsWith('\n') ? masked : `${masked}\n`;
};

export const processOutput: Output = {
  out: (text) => process.stdout.write(line(text)),
  err: (text) => process.stderr.write(line(text)),
  color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
};

export function printDiagnostics(
  output: Output,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): void {
  output.err(formatDiagnostics(diagnostics, { sources, color: output.color }));
}

/**
 * A user or environment error as text: message and hint, never a stack. Invalid files found
 * after loading (a partner's handlers, say) are printed problem by problem, never as a bare count.
 */
export function printError(output: Output, error: RehearseError): void {
  if (error instanceof InvalidProjectError && error.diagnostics.length > 0) {
    output.err(formatDiagnostics(error.diagnostics, { color: output.color }));
    return;
  }
  output.err(`error ${error.code}: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
}
