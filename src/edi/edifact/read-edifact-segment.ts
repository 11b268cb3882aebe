import type { EdifactDelimiters } from './types.js';

export interface ReadSegmentResult {
  /** Elements as component lists (`[[tag], [c1, c2], ...]`); absent for an empty segment. */
  elements?: string[][];
  terminated: boolean;
  /** Offset after the terminator. */
  next: number;
}

/**
 * Reads one EDIFACT segment from `start`: splits elements and components, and drops
 * release characters (`?'` is a literal apostrophe). Line breaks inside a segment are
 * not data and are skipped.
 *
 * @example
 * readEdifactSegment("NAD+SU+1::9++O?'BRIEN'", 0, DEFAULT_EDIFACT_DELIMITERS).elements;
 * // [['NAD'], ['SU'], ['1', '', '9'], [''], ["O'BRIEN"]]
 */
export function readEdifactSegment(text: string, start: number, d: EdifactDelimiters): ReadSegmentResult {
  const elements: string[][] = [];
  let components: string[] = [];
  let buffer = '';
  let at = start;
  let terminated = false;
  while (at < text.length) {
    const ch = text[at]!;
    if (d.release && ch === d.release && at + 1 < text.length) {
      buffer += text[at + 1];
      at += 2;
      continue;
    }
    at++;
    if (ch === d.segment) {
      terminated = true;
      break;
    }
    if (ch === d.element) {
      components.push(buffer);
      elements.push(components);
      components = [];
      buffer = '';
    } else if (ch === d.component) {
      components.push(buffer);
      buffer = '';
    } else if (ch !== '\r' && ch !== '\n') buffer += ch;
  }
  components.push(buffer);
  elements.push(components);
  if (elements.length === 1 && components.length === 1 && components[0] === '') return { terminated, next: at };
  return { elements, terminated, next: at };
}
