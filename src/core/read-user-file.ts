import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { decodeUserText, type DecodedText } from './decode-user-text.js';
import type { Diagnostic } from './diagnostic.js';

/** The largest user file Rehearse reads (bytes). Scenario files are kilobytes; this is a runaway guard. */
export const MAX_USER_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Reads a user file (`path` relative to `root`, `/`-separated) as UTF-8 text, never blocking
 * and never throwing: every way it can fail is a diagnostic with the path —
 * - `REHEARSE_FILE_DANGLING_LINK`: a symbolic link to nothing;
 * - `REHEARSE_FILE_LINK_LOOP`: links that point at each other (ELOOP);
 * - `REHEARSE_FILE_NOT_A_FILE`: a directory, named pipe (FIFO), socket or device where a file
 *   is expected (opened with O_NONBLOCK, so a FIFO with no writer does not hang the read);
 * - `REHEARSE_FILE_UNREADABLE`: permission denied or another I/O error;
 * - `REHEARSE_FILE_TOO_LARGE`: more than `maxBytes` (default 4 MiB);
 * - and the encoding and character problems of `decodeUserText`.
 *
 * @example
 * const { text, diagnostics } = readUserFile(root, 'scenarios/a.scenario.yaml');
 */
export function readUserFile(
  root: string,
  path: string,
  options: { maxBytes?: number; label?: string } = {},
): DecodedText {
  const file = options.label ?? path;
  const read = readUserBytes(root, path, options);
  if (read.bytes === undefined) return { text: undefined, diagnostics: [read.problem] };
  return decodeUserText(file, read.bytes);
}

/** The bytes of a user file, or the one problem that kept them from being read. */
export type UserFileBytes = { bytes: Buffer; problem?: undefined } | { bytes?: undefined; problem: Diagnostic };

/**
 * Reads a user file's bytes with the guards of `readUserFile` (never blocks on a FIFO or a
 * device, never reads past `maxBytes`, never throws) but without decoding them: for callers
 * that only hash or compare a file. Problems carry the codes listed at `readUserFile`.
 */
export function readUserBytes(
  root: string,
  path: string,
  options: { maxBytes?: number; label?: string } = {},
): UserFileBytes {
  const full = join(root, path);
  // How messages name the file (default: `path`).
  const file = options.label ?? path;
  const maxBytes = options.maxBytes ?? MAX_USER_FILE_BYTES;
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { problem: openProblem(full, file, error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { problem: notAFile(file, stats) };
    if (stats.size > maxBytes) {
      return {
        problem: {
          code: 'REHEARSE_FILE_TOO_LARGE',
          message: `Failed to read the file: it has ${stats.size.toLocaleString('en-US')} bytes, more than the ${maxBytes.toLocaleString('en-US')} a Rehearse file may have.`,
          file,
          line: 1,
          column: 1,
          hint: 'Split it, or move data the scenario does not need out of the project.',
        },
      };
    }
    const bytes = readAll(fd, stats.size, maxBytes);
    if (bytes.length > maxBytes) return { problem: tooLargeAfterRead(file, maxBytes) };
    return { bytes };
  } catch (error) {
    return { problem: ioProblem(file, error) };
  } finally {
    closeSync(fd);
  }
}

// A file can grow between fstat and read: read until EOF, but never past the limit. The first
// read asks for one byte more than fstat said, so a file that did not grow is read in one buffer
// of its own size (a 64 KiB buffer per file, and another to see the end, were most of what
// loading a project allocated besides YAML); a short read of a regular file is its end.
function readAll(fd: number, size: number, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let capacity = Math.min(size, maxBytes) + 1;
  for (;;) {
    const chunk = Buffer.allocUnsafe(capacity);
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > maxBytes || read < chunk.length) break;
    capacity = Math.min(64 * 1024, maxBytes + 1 - total);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function tooLargeAfterRead(file: string, maxBytes: number): Diagnostic {
  return {
    code: 'REHEARSE_FILE_TOO_LARGE',
    message: `Failed to read the file: it has more than the ${maxBytes.toLocaleString('en-US')} bytes a Rehearse file may have.`,
    file,
    line: 1,
    column: 1,
  };
}

/** What a non-regular file is, in words. */
export function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function notAFile(file: string, stats: Stats): Diagnostic {
  const what = describeFileType(stats);
  return {
    code: 'REHEARSE_FILE_NOT_A_FILE',
    message: `Failed to read ${file}: it is ${what}, not a file.`,
    file,
    ...(stats.isDirectory() ? {} : { line: 1, column: 1 }),
    expected: 'a regular file',
    hint: stats.isDirectory()
      ? `Rename the directory: names ending in .yaml, .yml or .json are read as files here.`
      : 'Replace it with a regular file (or a symbolic link to one).',
  };
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function openProblem(full: string, file: string, error: unknown): Diagnostic {
  const code = errorCode(error);
  if (code === 'ENOENT') {
    let target: string | undefined;
    try {
      if (lstatSync(full).isSymbolicLink()) target = readlinkSync(full);
    } catch {
      target = undefined;
    }
    if (target !== undefined) {
      return {
        code: 'REHEARSE_FILE_DANGLING_LINK',
        message: `Failed to read ${file}: it is a symbolic link to ${target}, which does not exist.`,
        file,
        line: 1,
        column: 1,
        hint: 'Point the link at an existing file, or delete it.',
      };
    }
  }
  if (code === 'ELOOP') {
    return {
      code: 'REHEARSE_FILE_LINK_LOOP',
      message: `Failed to read ${file}: its symbolic links form a loop.`,
      file,
      line: 1,
      column: 1,
      hint: 'Point the link at a real file, or delete it.',
    };
  }
  if (code === 'ENXIO') {
    return {
      code: 'REHEARSE_FILE_NOT_A_FILE',
      message: `Failed to read ${file}: it is a socket, not a file.`,
      file,
      line: 1,
      column: 1,
      expected: 'a regular file',
      hint: 'Replace it with a regular file.',
    };
  }
  return ioProblem(file, error);
}

function ioProblem(file: string, error: unknown): Diagnostic {
  const code = errorCode(error);
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'ENOENT'
          ? 'it no longer exists'
          : `${code ?? 'I/O error'}`;
  return {
    code: 'REHEARSE_FILE_UNREADABLE',
    message: `Failed to read ${file}: ${why}.`,
    file,
    line: 1,
    column: 1,
    hint:
      code === 'EACCES' || code === 'EPERM'
        ? 'Make the file readable by the user that runs Rehearse (chmod a+r).'
        : 'Check that the file exists and can be read.',
  };
}
