import type { Interchange, Segment } from '../types.js';
import { elementColumn, elementName, pathOf, problem, type X12Location, type X12Problem } from './problem.js';

interface Placed {
  segment: Segment;
  location: X12Location;
  path: string;
}

/**
 * Characters and separators that translators disagree on, as warnings with their positions:
 * a character outside ASCII (X12's basic and extended sets are ASCII; a Latin-1 or UTF-8
 * "é" reads differently on the other side), and trailing element separators (`N1*ST*ACME**~`),
 * which X12.6 says to leave out and strict translators reject. Never errors: a partner may
 * agree on UTF-8, and many accept trailing separators.
 *
 * @example
 * checkCharacters(interchange, 0); // [{ code: 'EDI_NON_ASCII_CHARACTER', severity: 'warning', line: 4, column: 12, ... }]
 */
export function checkCharacters(interchange: Interchange, index: number): X12Problem[] {
  const problems: X12Problem[] = [];
  const file = interchange.file;
  const base: X12Location = { interchange: index };
  for (const { segment, location, path } of placedSegments(interchange, base)) {
    const where = (element: number, column: number, extra: Partial<X12Location> = {}) => ({
      ...(file !== undefined ? { file } : {}),
      segment,
      column,
      path: `${path} ${elementName(segment.id, element)}`,
      location: { ...location, segmentId: segment.id, element, ...extra },
    });
    segment.elements.forEach((value, element) => {
      if (element === 0) return;
      const at = firstNonAscii(value);
      if (at === -1) return;
      const column = elementColumn(segment, element) + at;
      const offset = segment.position.offset + (column - segment.position.column);
      const code = value.codePointAt(at)!;
      const count = [...value].filter((ch) => ch.codePointAt(0)! > 0x7e).length;
      problems.push(
        problem({
          ...where(element, column, { value }),
          code: 'EDI_NON_ASCII_CHARACTER',
          severity: 'warning',
          message:
            `${elementName(segment.id, element)} holds ${count} character(s) outside ASCII, the first ` +
            `${describe(code)} at line ${segment.position.line}, column ${column} (offset ${offset}).`,
          hint:
            code === 0xfffd
              ? 'The file is not valid UTF-8 here: it may be Latin-1 or Windows-1252; ask the partner which encoding they send.'
              : 'X12 character sets are ASCII: agree on the encoding with the partner, or replace the character.',
        }),
      );
    });
    if (segment.id === 'ISA') continue;
    let last = segment.elements.length - 1;
    while (last > 0 && segment.elements[last] === '') last--;
    const trailing = segment.elements.length - 1 - last;
    if (trailing > 0) {
      // The separator written right after the last element that holds data.
      const column = elementColumn(segment, last + 1) - 1;
      problems.push(
        problem({
          ...where(last + 1, column),
          code: 'EDI_TRAILING_SEPARATOR',
          severity: 'warning',
          message:
            `${segment.id} ends with ${trailing} empty element(s) (trailing separators) at line ` +
            `${segment.position.line}, column ${column} (offset ${segment.position.offset + (column - segment.position.column)}).`,
          hint: 'X12 leaves trailing empty elements out: end the segment after its last element with data.',
        }),
      );
    }
  }
  return problems;
}

function placedSegments(interchange: Interchange, base: X12Location): Placed[] {
  const path = pathOf(interchange);
  const out: Placed[] = [interchange.header, ...interchange.serviceSegments, ...interchange.ta1s].map((segment) => ({
    segment,
    location: base,
    path,
  }));
  interchange.groups.forEach((group, g) => {
    const gPath = pathOf(interchange, group);
    out.push({ segment: group.header, location: { ...base, group: g }, path: gPath });
    group.sets.forEach((set, s) => {
      const sPath = pathOf(interchange, group, set);
      set.segments.forEach((segment, i) =>
        out.push({ segment, location: { ...base, group: g, set: s, segmentPosition: i + 1 }, path: sPath }),
      );
    });
    if (group.trailer) out.push({ segment: group.trailer, location: { ...base, group: g }, path: gPath });
  });
  if (interchange.trailer) out.push({ segment: interchange.trailer, location: base, path });
  return out;
}

function firstNonAscii(value: string): number {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7e) return i;
  return -1;
}

function describe(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0xfffd) return `${hex} (bytes that are not UTF-8)`;
  if (code < 0xa0) return `${hex} (a control character)`;
  return `"${String.fromCodePoint(code)}" (${hex})`;
}
