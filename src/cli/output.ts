import { formatDiagnostics } from '../core/format-diagnostics.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { RehearseError } from '../core/errors.js';

/** Where the CLI writes; tests replace it to capture output. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
};

export function printDiagnostics(
  output: Output,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): void {
  output.err(formatDiagnostics(diagnostics, { sources, color: output.color }));
}

/** A user or environment error as text: message and hint, never a stack. */
export function printError(output: Output, error: RehearseError): void {
  output.err(`error ${error.code}: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
}
