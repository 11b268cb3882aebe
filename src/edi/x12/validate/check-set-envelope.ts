import { SEGMENTS } from '../definitions/segments/index.js';
import { SETS } from '../definitions/sets/index.js';
import type { FunctionalGroup, Interchange, TransactionSet } from '../types.js';
import { checkElements } from './check-elements.js';
import { elementColumn, pathOf, problem, type X12Location, type X12Problem } from './problem.js';

/**
 * Envelope of one transaction set: ST/SE elements, SE01 = segment count (ST and SE
 * included), SE02 = ST02, ST02 unique in its group, the set in a group of its kind.
 *
 * @example
 * checkSetEnvelope(interchange, group, set, { interchange: 0, group: 0, set: 0 }, new Set());
 */
export function checkSetEnvelope(
  interchange: Interchange,
  group: FunctionalGroup,
  set: TransactionSet,
  loc: X12Location,
  seen: Set<string>,
): X12Problem[] {
  const problems: X12Problem[] = [];
  const file = interchange.file;
  const path = pathOf(interchange, group, set);
  const add = (p: Parameters<typeof problem>[0]): void => {
    problems.push(problem({ ...(file !== undefined ? { file } : {}), path, ...p }));
  };
  const context = { path, ...(file !== undefined ? { file } : {}) };
  problems.push(
    ...checkElements(set.header, SEGMENTS.get('ST')!, { ...context, location: loc, segmentPosition: 1 }).map(
      asSetError('6'),
    ),
  );
  if (seen.has(set.controlNumber)) {
    add({
      code: 'EDI_ST02_DUPLICATE',
      message: `Transaction set control number ${set.controlNumber} is used twice in group ${group.controlNumber}.`,
      segment: set.header,
      column: elementColumn(set.header, 2),
      location: { ...loc, segmentId: 'ST', element: 2 },
      ack: { set: '23' },
    });
  }
  seen.add(set.controlNumber);
  const def = SETS.get(set.id);
  if (def && group.functionalId !== def.functionalId) {
    add({
      code: 'EDI_GS01_MISMATCH',
      severity: 'warning',
      message: `Transaction set ${set.id} travels in a group with GS01 "${group.functionalId}"; ${set.id} belongs in "${def.functionalId}".`,
      segment: set.header,
      location: { ...loc, segmentId: 'ST' },
    });
  }
  const se = set.trailer;
  if (!se) {
    add({
      code: 'EDI_SE_MISSING',
      message: `Transaction set ${set.id} ${set.controlNumber} has no SE trailer.`,
      segment: set.header,
      location: { ...loc, segmentId: 'SE' },
      ack: { set: '2' },
    });
    return problems;
  }
  const position = set.segments.length;
  problems.push(
    ...checkElements(se, SEGMENTS.get('SE')!, { ...context, location: loc, segmentPosition: position }).map(
      asSetError('4'),
    ),
  );
  const count = se.elements[1] ?? '';
  if (/^\d+$/.test(count) && Number(count) !== set.segments.length) {
    add({
      code: 'EDI_SE01_MISMATCH',
      message: `SE01 says ${count} segments but set ${set.id} ${set.controlNumber} has ${set.segments.length} (ST through SE).`,
      segment: se,
      column: elementColumn(se, 1),
      location: { ...loc, segmentId: 'SE', segmentPosition: position, element: 1, value: count },
      expected: String(set.segments.length),
      ack: { set: '4' },
    });
  }
  const control = se.elements[2] ?? '';
  if (control !== set.controlNumber) {
    add({
      code: 'EDI_SE02_MISMATCH',
      message: `SE02 "${control}" does not repeat ST02 "${set.controlNumber}".`,
      segment: se,
      column: elementColumn(se, 2),
      location: { ...loc, segmentId: 'SE', segmentPosition: position, element: 2, value: control },
      expected: set.controlNumber,
      ack: { set: '3' },
    });
  }
  return problems;
}

/** Header/trailer element errors reject the set with an AK502 code rather than AK3/AK4 notes. */
function asSetError(code: string) {
  return (p: X12Problem): X12Problem => ({ ...p, ack: { set: code } });
}
