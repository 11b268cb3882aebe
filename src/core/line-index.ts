/**
 * Where each line of a text starts, computed once per text, so that turning offsets into
 * line:col and cutting out a line stay cheap however many problems a file has.
 * A line ends at LF; a CR before it stays part of the line, as the YAML parser counts, so
 * columns of CRLF files are the same as of LF files.
 */
export interface LineIndex {
  /** Offset (UTF-16 code units) where each line starts; `starts[0]` is 0. */
  readonly starts: readonly number[];
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number };
  /** The text of a 1-based line, without its line break (LF or CRLF); '' past the end. */
  line(n: number): string;
  readonly lineCount: number;
}

/** Offsets where each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column (in UTF-16 code units) of `offset`, by binary search in `starts`. */
export function offsetPosition(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/**
 * Indexes `text` once (linear).
 *
 * @example
 * const index = lineIndex('a: 1\r\nb: 2\n');
 * index.position(6); // { line: 2, column: 1 }
 * index.line(1);     // 'a: 1'
 */
export function lineIndex(text: string): LineIndex {
  const starts = lineStarts(text);
  return {
    starts,
    lineCount: starts.length,
    position: (offset) => offsetPosition(starts, offset),
    line(n) {
      const start = starts[n - 1];
      if (start === undefined) return '';
      const next = starts[n];
      let end = next === undefined ? text.length : next - 1;
      if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
      return text.slice(start, end);
    },
  };
}
