import type { Diagnostic } from './diagnostic.js';

/**
 * Base of every error Rehearse raises on purpose. A `RehearseError` is a user
 * mistake or an environment problem with a stable `code`; anything else that
 * escapes is an internal bug and is reported as such.
 *
 * Messages follow "Failed to <do X>: <why>." and the hint says how to fix it.
 */
export class RehearseError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RehearseError';
    this.code = code;
    this.hint = options.hint;
  }
}

/**
 * Invalid user files or configuration: the CLI exits with code 2 and prints every
 * diagnostic. The message names the problems too (the first five, one line each), so that
 * wherever only the message is shown, it is never a bare count.
 */
export class InvalidProjectError extends RehearseError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const lines = diagnostics.slice(0, 5).map((d) => {
      const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''} ` : '';
      return `\n  ${where}${d.code}: ${d.message}`;
    });
    const more = diagnostics.length > 5 ? `\n  … and ${diagnostics.length - 5} more` : '';
    super(
      'REHEARSE_PROJECT_INVALID',
      `Found ${diagnostics.length} problem(s) in the project files:${lines.join('')}${more}`,
    );
    this.name = 'InvalidProjectError';
    this.diagnostics = diagnostics;
  }
}

export function isRehearseError(error: unknown): error is RehearseError {
  return error instanceof RehearseError;
}

/** Turns anything thrown into a one-line message without a stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
