import type { Interchange, Segment } from '../types.js';
import { elementColumn, elementName, pathOf, problem, type X12Location, type X12Problem } from './problem.js';

/** TA104 Interchange Acknowledgment Code (I17): accepted, accepted with errors, rejected. */
const TA104_CODES = ['A', 'E', 'R'];

/** TA105 Interchange Note Code (I18): 000 (no error) to 031 in every release from 00401 on. */
const TA105 = /^0(?:[0-2]\d|3[01])$/;

export interface Ta1Context {
  /**
   * Interchanges a TA1 may acknowledge (the ones sent). When one has TA101's control number,
   * TA102 and TA103 must repeat its ISA09 date and ISA10 time.
   */
  acknowledged?: readonly Interchange[];
  /** When true, a TA101 that names none of `acknowledged` is an error (the TA1 answers something else). */
  requireMatch?: boolean;
}

/**
 * The TA1 interchange acknowledgments an interchange carries: TA101 control number (9 digits,
 * and the ISA13 of an acknowledged interchange when those are known), TA102 date (YYMMDD) and
 * TA103 time (HHMM) as that ISA09/ISA10, TA104 A/E/R, TA105 note code 000–031, and TA104 `A`
 * with note 000 only. Source: X12.5 interchange control structures (TA1, data elements I12, I08,
 * I09, I17, I18).
 *
 * @example
 * checkTa1s(parseX12(text).interchanges[0]!, 0, { acknowledged: sent }); // [] when every TA1 is right
 */
export function checkTa1s(interchange: Interchange, index: number, context: Ta1Context = {}): X12Problem[] {
  const problems: X12Problem[] = [];
  const path = pathOf(interchange);
  for (const ta1 of interchange.ta1s) {
    const add = (element: number, code: string, message: string, expected?: string): void => {
      const value = ta1.elements[element] ?? '';
      const location: X12Location = { interchange: index, segmentId: 'TA1', element, ...(value ? { value } : {}) };
      problems.push(
        problem({
          ...(interchange.file !== undefined ? { file: interchange.file } : {}),
          code,
          message,
          segment: ta1,
          column: elementColumn(ta1, Math.min(element, ta1.elements.length - 1)),
          location,
          path: `${path} ${elementName('TA1', element)}`,
          ...(expected !== undefined ? { expected } : {}),
        }),
      );
    };
    checkOne(ta1, add, context, interchange);
  }
  return problems;
}

function checkOne(
  ta1: Segment,
  add: (element: number, code: string, message: string, expected?: string) => void,
  context: Ta1Context,
  carrier: Interchange,
): void {
  const [, control = '', date = '', time = '', ack = '', note = ''] = ta1.elements;
  if (ta1.elements.length - 1 > 5)
    add(6, 'EDI_ELEMENT_TOO_MANY', `TA1 has ${ta1.elements.length - 1} elements; it defines 5.`);
  if (!/^\d{9}$/.test(control))
    add(
      1,
      'EDI_TA1_FIELD',
      `TA101 (interchange control number) must be 9 digits: "${control}".`,
      'N0 9/9, the acknowledged ISA13',
    );
  if (!isYymmdd(date)) add(2, 'EDI_TA1_FIELD', `TA102 (interchange date) is not a date (YYMMDD): "${date}".`, 'DT 6/6');
  if (!/^([01]\d|2[0-3])[0-5]\d$/.test(time))
    add(3, 'EDI_TA1_FIELD', `TA103 (interchange time) is not a time (HHMM): "${time}".`, 'TM 4/4');
  if (!TA104_CODES.includes(ack))
    add(4, 'EDI_TA1_FIELD', `TA104 (acknowledgment code) must be A, E or R: "${ack}".`, 'A, E or R');
  if (!TA105.test(note))
    add(5, 'EDI_TA1_FIELD', `TA105 (note code) must be a code from 000 to 031: "${note}".`, 'ID 3/3, 000–031');
  else if (ack === 'A' && note !== '000')
    add(5, 'EDI_TA1_INCONSISTENT', `TA104 accepts the interchange (A) but TA105 notes error ${note}.`, '000');
  else if ((ack === 'R' || ack === 'E') && note === '000')
    add(5, 'EDI_TA1_INCONSISTENT', `TA104 is ${ack} but TA105 says 000 (no error): a rejection names its reason.`);
  const known = (context.acknowledged ?? []).filter((i) => i !== carrier);
  const original = known.find((i) => i.controlNumber === control);
  if (!original) {
    if (context.requireMatch && /^\d{9}$/.test(control))
      add(
        1,
        'EDI_TA101_UNKNOWN',
        `TA101 ${control} acknowledges no interchange that was sent (sent: ${known.map((i) => i.controlNumber).join(', ') || 'none'}).`,
      );
    return;
  }
  if (date !== original.date)
    add(
      2,
      'EDI_TA1_MISMATCH',
      `TA102 "${date}" does not repeat ISA09 "${original.date}" of interchange ${control}.`,
      original.date,
    );
  if (time !== original.time)
    add(
      3,
      'EDI_TA1_MISMATCH',
      `TA103 "${time}" does not repeat ISA10 "${original.time}" of interchange ${control}.`,
      original.time,
    );
}

function isYymmdd(value: string): boolean {
  if (!/^\d{6}$/.test(value)) return false;
  const m = Number(value.slice(2, 4));
  const d = Number(value.slice(4, 6));
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(2000 + Number(value.slice(0, 2)), m, 0)).getUTCDate();
}
