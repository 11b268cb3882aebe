import type { Delimiters } from './types.js';

export type IsaDelimitersResult =
  | { ok: true; delimiters: Delimiters; /** Offset of the ISA's terminator. */ terminatorAt: number }
  | { ok: false; reason: string };

/** Characters that can never be delimiters: letters, digits, and blanks that are padding. */
export function isDataChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 32;
}

// An ISA is 106 characters when well formed; real files pad badly, so allow slack.
const ISA_SEARCH_LIMIT = 400;

/**
 * Reads the delimiters of the ISA starting at `start`: the element separator is the
 * character after "ISA"; ISA16 (component separator) is the character after the 16th
 * element separator — counted, not taken at offset 104, because real files carry
 * malformed field widths; the segment terminator is the character after ISA16.
 *
 * @example
 * readIsaDelimiters('ISA*00*...*P*>~GS*...', 0); // { ok: true, delimiters: { element: '*', component: '>', segment: '~', ... } }
 */
export function readIsaDelimiters(text: string, start: number): IsaDelimitersResult {
  if (text.slice(start, start + 3) !== 'ISA') return { ok: false, reason: 'the text does not start with "ISA"' };
  const element = text[start + 3];
  if (element === undefined || isDataChar(element.charCodeAt(0)) || element === '\r' || element === '\n') {
    return { ok: false, reason: `"ISA" is followed by ${describe(element)}, not by an element separator` };
  }
  let at = start + 3;
  const limit = Math.min(text.length, start + ISA_SEARCH_LIMIT);
  for (let count = 2; count <= 16; count++) {
    const next = text.indexOf(element, at + 1);
    if (next === -1 || next >= limit) {
      return { ok: false, reason: `the ISA has only ${count - 1} of its 16 element separators "${element}"` };
    }
    at = next;
  }
  const component = text[at + 1];
  const segment = text[at + 2];
  if (component === undefined || segment === undefined) {
    return { ok: false, reason: 'the text ends inside the ISA segment' };
  }
  if (component === '\r' || component === '\n') return { ok: false, reason: 'ISA16 (component separator) is missing' };
  if (isDataChar(segment.charCodeAt(0)) || segment === element || segment === component) {
    return { ok: false, reason: `ISA16 is followed by ${describe(segment)}, not by a segment terminator` };
  }
  const fields = text.slice(start, at).split(element);
  const version = fields[12] ?? '';
  const isa11 = fields[11] ?? '';
  const delimiters: Delimiters = { element, component, segment, suffix: lineBreakAfter(text, at + 3) };
  if (version >= '00402' && isa11.length === 1 && !isDataChar(isa11.charCodeAt(0))) delimiters.repetition = isa11;
  return { ok: true, delimiters, terminatorAt: at + 2 };
}

function lineBreakAfter(text: string, at: number): string {
  if (text[at] === '\r' && text[at + 1] === '\n') return '\r\n';
  if (text[at] === '\n' || text[at] === '\r') return text[at]!;
  return '';
}

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the text';
  const code = ch.charCodeAt(0);
  if (code < 32 || code === 127) return `control character 0x${code.toString(16).padStart(2, '0')}`;
  return `"${ch}"`;
}
