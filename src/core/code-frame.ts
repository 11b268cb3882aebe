import { lineIndex, type LineIndex } from './line-index.js';

export interface CodeFrameOptions {
  /** Lines shown before and after the line of the problem (default 1). */
  context?: number;
  /** Characters of a line shown at most; longer lines are cut to a window around the column (default 100). */
  width?: number;
}

/**
 * A few lines of source around `line`, with a caret under `column`, the way compilers show
 * where a problem is. Bounded whatever the file holds: a long line is cut to a window around
 * the column (`…` marks the cuts), and characters that would corrupt a terminal (controls,
 * bidirectional and invisible characters) are shown as visible symbols. Pass a `LineIndex`
 * when a file has many problems: the text is then split into lines once.
 *
 * @example
 * codeFrame('a: 1\nb: [\n', 2, 4);
 * //   1 | a: 1
 * // > 2 | b: [
 * //     |    ^
 */
export function codeFrame(
  source: string | LineIndex,
  line: number,
  column: number,
  options: CodeFrameOptions | number = {},
): string {
  const { context = 1, width = 100 } = typeof options === 'number' ? { context: options } : options;
  const index = typeof source === 'string' ? lineIndex(source) : source;
  const first = Math.max(1, line - context);
  const last = Math.min(index.lineCount, line + context);
  const gutter = String(last).length;
  // One window for every line shown, so that the lines stay aligned with each other.
  const start = Math.max(0, column - 1 - Math.floor(width * 0.4));
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = index.line(n);
    const cut = text.slice(start, start + width);
    const shown = `${start > 0 && text.length > 0 ? '…' : ''}${printable(cut)}${text.length > start + width ? '…' : ''}`;
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(gutter)} | ${shown}`);
    if (n === line) {
      const before = text.slice(start, Math.max(start, column - 1));
      const pad = (start > 0 && text.length > 0 ? ' ' : '') + before.replace(/[^\t]/g, ' ');
      out.push(`  ${' '.repeat(gutter)} | ${pad}^`);
    }
  }
  return out.join('\n');
}

// One visible symbol per hidden character, so the caret stays under the right column.
function printable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g,
    (c) => {
      const code = c.charCodeAt(0);
      if (code < 0x20) return String.fromCharCode(0x2400 + code);
      if (code === 0x7f) return '\u2421';
      return '\uFFFD';
    },
  );
}
