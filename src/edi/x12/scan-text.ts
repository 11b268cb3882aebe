import { isDataChar } from './read-isa-delimiters.js';

/** Skips line breaks, indentation, NUL and ^Z between segments and interchanges. */
export function skipBlank(text: string, at: number): number {
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c === 10 || c === 13 || c === 32 || c === 9 || c === 0x1a || c === 0) at++;
    else break;
  }
  return at;
}

/** Drops line breaks and ^Z that trail a segment (a last segment without terminator). */
export function trimEnd(raw: string): string {
  let end = raw.length;
  while (end > 0) {
    const c = raw.charCodeAt(end - 1);
    if (c === 10 || c === 13 || c === 0x1a || c === 0) end--;
    else break;
  }
  return end === raw.length ? raw : raw.slice(0, end);
}

export function startsIsa(raw: string): boolean {
  return raw.length > 3 && raw.startsWith('ISA') && !isDataChar(raw.charCodeAt(3));
}

export function isSegmentId(id: string): boolean {
  if (id.length < 2 || id.length > 3) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    if (!(upper || (i > 0 && c >= 48 && c <= 57))) return false;
  }
  return true;
}

export function shorten(value: string): string {
  return value.length > 20 ? `${value.slice(0, 20)}…` : value;
}
