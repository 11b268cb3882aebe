import { sep } from 'node:path';

/** Why a user's module did not load, and where in `file` when that is known (1-based line and column). */
export interface ModuleLoadFailure {
  message: string;
  line?: number;
  column?: number;
}

/**
 * esbuild's report of a syntax error, as tsx passes it on (`TransformError`):
 * `Transform failed with 1 error:` then `<file>:<line>:<column>: ERROR: <text>` — the column 0-based.
 */
const TRANSFORM_ERROR = /^(.+):(\d+):(\d+): ERROR: (.+)$/;

/**
 * What a module of the user's that failed to import (a page object, a partner handler) is
 * reported with: for a syntax error tsx's esbuild found, esbuild's own text and position
 * (`Unexpected ";"` at 2:55 — esbuild counts columns from 0, diagnostics from 1), not the
 * "Transform failed with 1 error:" line above them; for an error the module threw while it ran,
 * the first line of its message and the position of `file`'s first frame in its stack.
 *
 * @param file absolute path of the module that was imported
 */
export function moduleLoadFailure(error: unknown, file: string): ModuleLoadFailure {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n');
  const transform = /^Transform failed/.test(message) ? TRANSFORM_ERROR.exec(lines[1] ?? '') : null;
  if (transform) {
    const [, where, line, column, text] = transform;
    return {
      message: text!.trim(),
      ...(samePath(where!, file) ? { line: Number(line), column: Number(column) + 1 } : {}),
    };
  }
  return { message: (lines[0] ?? '').replace(/\.$/, '').trim(), ...framePosition(error, file) };
}

function samePath(a: string, b: string): boolean {
  return a.split(sep).join('/') === b.split(sep).join('/');
}

/** `file`'s first position in the error's stack: where the module threw while it ran. */
function framePosition(error: unknown, file: string): { line?: number; column?: number } {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = file
    .split(sep)
    .join('/')
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`).exec(stack);
  return match ? { line: Number(match[1]), ...(match[2] ? { column: Number(match[2]) } : {}) } : {};
}
