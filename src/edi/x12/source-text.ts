import type { SegmentPosition } from './types.js';

/**
 * The text the X12 reader works on, and the way back from an offset in it to a
 * line and column of the original file. Two things make these differ: a UTF-8 BOM
 * (skipped), and 80-column hard wraps (line breaks removed before reading).
 */
export interface SourceText {
  text: string;
  /** True when the file was rejoined from 80-column wrapped lines. */
  unwrapped: boolean;
  locate(offset: number): SegmentPosition;
}

const WRAP_WIDTH = 80;

/** Builds the working text; `looksWrapped` decides whether a wrapped file really is one. */
export function prepareSourceText(original: string, accept: (joined: string) => boolean): SourceText {
  const bom = original.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? original.slice(1) : original;
  const wrapped = unwrap80(body, bom);
  if (wrapped && accept(wrapped.text)) return wrapped;
  return plain(body, bom);
}

function plain(text: string, bom: number): SourceText {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // Offsets arrive in increasing order while reading: the next line is the usual answer.
  let cursor = 0;
  return {
    text,
    unwrapped: false,
    locate(offset) {
      const next = lineStarts[cursor + 1];
      if (offset < lineStarts[cursor]! || (next !== undefined && offset >= next)) {
        const afterNext = lineStarts[cursor + 2];
        if (next !== undefined && offset >= next && (afterNext === undefined || offset < afterNext)) cursor++;
        else cursor = lastLineAtOrBefore(lineStarts, offset);
      }
      return { line: cursor + 1, column: offset - lineStarts[cursor]! + 1, offset: offset + bom };
    },
  };
}

function lastLineAtOrBefore(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A file whose every line but the last is exactly 80 characters long is a hard-wrapped stream. */
function unwrap80(body: string, bom: number): SourceText | undefined {
  if (body.indexOf('\n') === -1) return undefined;
  const lines = body.split('\n');
  const originalStarts: number[] = [];
  let at = 0;
  for (const line of lines) {
    originalStarts.push(at);
    at += line.length + 1;
  }
  const content = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (content.length > 0 && content[content.length - 1] === '') {
    content.pop();
  }
  if (content.length < 2) return undefined;
  for (let i = 0; i < content.length - 1; i++) if (content[i]!.length !== WRAP_WIDTH) return undefined;
  if (content[content.length - 1]!.length > WRAP_WIDTH) return undefined;
  return {
    text: content.join(''),
    unwrapped: true,
    locate(offset) {
      const index = Math.floor(offset / WRAP_WIDTH);
      const column = offset % WRAP_WIDTH;
      return { line: index + 1, column: column + 1, offset: (originalStarts[index] ?? 0) + column + bom };
    },
  };
}
