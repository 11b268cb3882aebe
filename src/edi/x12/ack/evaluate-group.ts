import type { FunctionalGroup } from '../types.js';
import type { X12Problem } from '../validate/problem.js';
import type { AckElementError, AckGroupResult, AckSegmentError, AckSetResult } from './ack-types.js';

export interface EvaluateOptions {
  /** Sets whose only problems are segment/element errors get AK501 `E` instead of `R`. */
  acceptWithErrors?: boolean;
}

/**
 * Turns the validation problems of one group into what its 997 says: an AK5 verdict
 * per set with AK3/AK4 notes, and an AK9 verdict with counts. Warnings never count.
 *
 * @example
 * evaluateGroup(group, problemsOfThisGroup).status; // 'A' | 'E' | 'P' | 'R'
 */
export function evaluateGroup(
  group: FunctionalGroup,
  problems: readonly X12Problem[],
  options: EvaluateOptions = {},
): AckGroupResult {
  const errors = problems.filter((p) => p.severity === 'error' && p.ack);
  const sets = group.sets.map((set, s): AckSetResult => {
    const mine = errors.filter((p) => p.location?.set === s);
    const setCodes = unique(mine.flatMap((p) => (p.ack?.set ? [p.ack.set] : [])));
    const segments = segmentErrors(mine.filter((p) => p.ack?.segment));
    if (segments.length > 0) setCodes.push('5');
    const codes = unique(setCodes).slice(0, 5);
    let status: AckSetResult['status'] = 'A';
    if (codes.length > 0) {
      const onlySegmentErrors = codes.every((c) => c === '5');
      status = onlySegmentErrors && options.acceptWithErrors ? 'E' : 'R';
    }
    return { setId: set.id, controlNumber: set.controlNumber, status, codes, segments };
  });
  const groupCodes = unique(
    errors.filter((p) => p.location?.set === undefined && p.ack?.group).map((p) => p.ack!.group!),
  ).slice(0, 5);
  const received = group.sets.length;
  const ge01 = group.trailer?.elements[1] ?? '';
  const included = /^\d+$/.test(ge01) ? Number(ge01) : received;
  const accepted = sets.filter((s) => s.status !== 'R').length;
  let status: AckGroupResult['status'];
  if (groupCodes.length > 0 || (received > 0 && accepted === 0)) status = 'R';
  else if (accepted < received) status = 'P';
  else status = sets.some((s) => s.status === 'E') ? 'E' : 'A';
  return {
    functionalId: group.functionalId,
    controlNumber: group.controlNumber,
    version: group.version,
    status,
    included,
    received,
    accepted,
    codes: groupCodes,
    sets,
  };
}

function segmentErrors(problems: readonly X12Problem[]): AckSegmentError[] {
  const byPosition = new Map<string, AckSegmentError>();
  for (const p of problems) {
    const id = p.location?.segmentId ?? '';
    const position = p.location?.segmentPosition ?? 0;
    const key = `${position}:${id}`;
    let entry = byPosition.get(key);
    if (!entry) {
      entry = { segmentId: id, position, code: p.ack!.segment!, elements: [] };
      byPosition.set(key, entry);
    }
    // A structural code (missing, misplaced, ...) says more than "has element errors".
    if (entry.code === '8' && p.ack!.segment !== '8') entry.code = p.ack!.segment!;
    if (p.ack?.element && p.location?.element !== undefined && entry.elements.length < 99) {
      const element: AckElementError = { position: p.location.element, code: p.ack.element };
      if (p.location.component !== undefined) element.component = p.location.component;
      if (p.ack.elementRef !== undefined) element.ref = p.ack.elementRef;
      if (p.location.value) element.value = p.location.value;
      entry.elements.push(element);
    }
  }
  return [...byPosition.values()].sort((a, b) => a.position - b.position);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
