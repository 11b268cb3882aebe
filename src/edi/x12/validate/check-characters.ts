import type { Interchange, Segment } from '../types.js';
import { elementColumn, elementName, pathOf, problem, type X12Location, type X12Problem } from './problem.js';

/** Where a segment sits, computed only for the few segments with something to report. */
type Place = () => { location: X12Location; path: string };

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
  const visit = (segment: Segment, place: Place): void => {
    // Most segments are clean: look before building anything.
    const last = segment.elements.length - 1;
    const trailing = segment.id !== 'ISA' && last > 0 && segment.elements[last] === '';
    if (!trailing && !segment.elements.some((value) => firstNonAscii(value) !== -1)) return;
    const { location, path } = place();
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
      const count = [...value].filter((ch) => ch.codePointAt(0)! > 0x7f).length;
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
    if (!trailing) return;
    let filled = last;
    while (filled > 0 && segment.elements[filled] === '') filled--;
    // The separator written right after the last element that holds data.
    const column = elementColumn(segment, filled + 1) - 1;
    problems.push(
      problem({
        ...where(filled + 1, column),
        code: 'EDI_TRAILING_SEPARATOR',
        severity: 'warning',
        message:
          `${segment.id} ends with ${last - filled} empty element(s) (trailing separators) at line ` +
          `${segment.position.line}, column ${column} (offset ${segment.position.offset + (column - segment.position.column)}).`,
        hint: 'X12 leaves trailing empty elements out: end the segment after its last element with data.',
      }),
    );
  };
  const top: Place = () => ({ location: base, path: pathOf(interchange) });
  for (const segment of [interchange.header, ...interchange.serviceSegments, ...interchange.ta1s]) visit(segment, top);
  interchange.groups.forEach((group, g) => {
    const inGroup: Place = () => ({ location: { ...base, group: g }, path: pathOf(interchange, group) });
    visit(group.header, inGroup);
    group.sets.forEach((set, s) => {
      set.segments.forEach((segment, i) =>
        visit(segment, () => ({
          location: { ...base, group: g, set: s, segmentPosition: i + 1 },
          path: pathOf(interchange, group, set),
        })),
      );
    });
    if (group.trailer) visit(group.trailer, inGroup);
  });
  if (interchange.trailer) visit(interchange.trailer, top);
  return problems;
}

const NON_ASCII = /[\u0080-\uffff]/;

function firstNonAscii(value: string): number {
  return value.search(NON_ASCII);
}

function describe(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0xfffd) return `${hex} (bytes that are not UTF-8)`;
  if (code < 0xa0) return `${hex} (a control character)`;
  return `"${String.fromCodePoint(code)}" (${hex})`;
}
