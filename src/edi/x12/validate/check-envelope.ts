import { SEGMENTS } from '../definitions/segments/index.js';
import type { Interchange } from '../types.js';
import { checkSetEnvelope } from './check-set-envelope.js';
import { checkElements } from './check-elements.js';
import { versionRules } from './version-rules.js';
import { elementColumn, pathOf, problem, type X12Location, type X12Problem } from './problem.js';

/** ISA fields: [position, name, exact width, pattern the value must match]. */
const ISA_FIELDS: ReadonlyArray<[number, string, number, RegExp | undefined]> = [
  [1, 'authorization information qualifier', 2, undefined],
  [2, 'authorization information', 10, undefined],
  [3, 'security information qualifier', 2, undefined],
  [4, 'security information', 10, undefined],
  [5, 'sender id qualifier', 2, undefined],
  [6, 'sender id', 15, undefined],
  [7, 'receiver id qualifier', 2, undefined],
  [8, 'receiver id', 15, undefined],
  [9, 'date (YYMMDD)', 6, /^\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/],
  [10, 'time (HHMM)', 4, /^([01]\d|2[0-3])[0-5]\d$/],
  [11, 'repetition separator / standards id', 1, undefined],
  [12, 'version', 5, /^\d{5}$/],
  [13, 'control number', 9, /^\d{9}$/],
  [14, 'acknowledgment requested', 1, /^[01]$/],
  [15, 'usage indicator', 1, /^[PTI]$/],
  [16, 'component separator', 1, undefined],
];

/**
 * ISA12 Interchange Control Version Numbers (data element I11) ASC X12 has published, 00200
 * (version 2) to 00801; a value outside this list is no X12 version.
 */
export const ISA12_VERSIONS: readonly string[] = [
  '00200',
  '00201',
  '00204',
  '00300',
  '00301',
  '00302',
  '00303',
  '00304',
  '00305',
  '00306',
  '00307',
  '00400',
  '00401',
  '00402',
  '00403',
  '00404',
  '00405',
  '00406',
  '00500',
  '00501',
  '00502',
  '00503',
  '00504',
  '00505',
  '00600',
  '00601',
  '00602',
  '00603',
  '00604',
  '00605',
  '00700',
  '00701',
  '00702',
  '00703',
  '00704',
  '00705',
  '00706',
  '00800',
  '00801',
];

function closest(version: string): string {
  const near =
    ISA12_VERSIONS.find((v) => v.slice(0, 4) === version.slice(0, 4)) ??
    ISA12_VERSIONS.find((v) => v.slice(0, 3) === version.slice(0, 3));
  return near ? ` Did you mean ${near}?` : '';
}

/**
 * Envelope integrity of one interchange: ISA fixed fields; IEA01 = number of groups,
 * IEA02 = ISA13; per group GE01 = number of sets, GE02 = GS06; per set SE01 = number of
 * segments (ST and SE included), SE02 = ST02; unique control numbers. Control numbers
 * are compared as strings: `3438` does not repeat `000003438`.
 */
export function checkEnvelope(interchange: Interchange, index: number): X12Problem[] {
  const problems: X12Problem[] = [];
  const file = interchange.file;
  const base: X12Location = { interchange: index };
  const add = (p: Parameters<typeof problem>[0]): void => {
    problems.push(problem({ ...(file !== undefined ? { file } : {}), ...p }));
  };
  const isa = interchange.header;
  const isaPath = pathOf(interchange);
  if (isa.elements.length !== 17) {
    add({
      code: 'EDI_ISA_FIELD_COUNT',
      message: `The ISA has ${isa.elements.length - 1} elements; it must have 16.`,
      segment: isa,
      location: { ...base, segmentId: 'ISA' },
      path: isaPath,
    });
  }
  for (const [position, name, width, pattern] of ISA_FIELDS) {
    const value = isa.elements[position];
    if (value === undefined) continue;
    const bad =
      value.length !== width
        ? `is ${value.length} characters wide; it must be exactly ${width}`
        : pattern && !pattern.test(value)
          ? 'has an invalid value'
          : undefined;
    if (bad) {
      add({
        code: 'EDI_ISA_FIELD',
        message: `ISA${String(position).padStart(2, '0')} (${name}) ${bad}: "${value}".`,
        segment: isa,
        column: elementColumn(isa, position),
        location: { ...base, segmentId: 'ISA', element: position, value },
        path: isaPath,
        hint: 'The ISA is fixed-width: pad ids with spaces and control numbers with leading zeros.',
      });
    }
  }
  const version = isa.elements[12];
  if (version !== undefined && /^\d{5}$/.test(version) && !ISA12_VERSIONS.includes(version)) {
    add({
      code: 'EDI_ISA12_UNKNOWN',
      message: `ISA12 (interchange control version) "${version}" is not a known X12 version.`,
      segment: isa,
      column: elementColumn(isa, 12),
      location: { ...base, segmentId: 'ISA', element: 12, value: version },
      path: isaPath,
      expected: `one of ${ISA12_VERSIONS.join(', ')}`,
      hint: `Version 004010 is ISA12 00401; 005010 is 00501.${closest(version)}`,
    });
  }
  const iea = interchange.trailer;
  if (!iea) {
    add({
      code: 'EDI_IEA_MISSING',
      message: `Interchange ${interchange.controlNumber} has no IEA trailer.`,
      segment: isa,
      location: { ...base, segmentId: 'IEA' },
      path: isaPath,
    });
  } else {
    const count = iea.elements[1] ?? '';
    if (!/^\d+$/.test(count) || Number(count) !== interchange.groups.length) {
      add({
        code: 'EDI_IEA01_MISMATCH',
        message: `IEA01 says ${count || '(empty)'} functional group(s) but the interchange holds ${interchange.groups.length}.`,
        segment: iea,
        column: elementColumn(iea, 1),
        location: { ...base, segmentId: 'IEA', element: 1, value: count },
        expected: String(interchange.groups.length),
        path: isaPath,
      });
    }
    const control = iea.elements[2] ?? '';
    if (control !== interchange.controlNumber) {
      const sameNumber = /^\d+$/.test(control) && Number(control) === Number(interchange.controlNumber);
      add({
        code: 'EDI_IEA02_MISMATCH',
        message: `IEA02 "${control}" does not repeat ISA13 "${interchange.controlNumber}".`,
        segment: iea,
        column: elementColumn(iea, 2),
        location: { ...base, segmentId: 'IEA', element: 2, value: control },
        expected: interchange.controlNumber,
        path: isaPath,
        ...(sameNumber
          ? {
              hint: 'Same number, different text: IEA02 must repeat ISA13 character for character (9 digits, leading zeros).',
            }
          : {}),
      });
    }
  }
  const groupNumbers = new Set<string>();
  interchange.groups.forEach((group, g) => {
    const gLoc: X12Location = { ...base, group: g };
    const gPath = pathOf(interchange, group);
    for (const p of checkElements(group.header, SEGMENTS.get('GS')!, {
      location: gLoc,
      path: gPath,
      rules: versionRules(group, interchange),
      ...(file !== undefined ? { file } : {}),
    })) {
      if (p.location?.element === 6) p.ack = { group: '6' };
      else delete p.ack;
      problems.push(p);
    }
    if (groupNumbers.has(group.controlNumber)) {
      add({
        code: 'EDI_GS06_DUPLICATE',
        message: `Group control number ${group.controlNumber} is used twice in interchange ${interchange.controlNumber}.`,
        segment: group.header,
        column: elementColumn(group.header, 6),
        location: { ...gLoc, segmentId: 'GS', element: 6 },
        ack: { group: '19' },
        path: gPath,
      });
    }
    groupNumbers.add(group.controlNumber);
    const ge = group.trailer;
    if (!ge) {
      add({
        code: 'EDI_GE_MISSING',
        message: `Functional group ${group.controlNumber} has no GE trailer.`,
        segment: group.header,
        location: { ...gLoc, segmentId: 'GE' },
        ack: { group: '3' },
        path: gPath,
      });
    } else {
      const count = ge.elements[1] ?? '';
      if (!/^\d+$/.test(count) || Number(count) !== group.sets.length) {
        add({
          code: 'EDI_GE01_MISMATCH',
          message: `GE01 says ${count || '(empty)'} transaction set(s) but group ${group.controlNumber} holds ${group.sets.length}.`,
          segment: ge,
          column: elementColumn(ge, 1),
          location: { ...gLoc, segmentId: 'GE', element: 1, value: count },
          expected: String(group.sets.length),
          ack: { group: '5' },
          path: gPath,
        });
      }
      const control = ge.elements[2] ?? '';
      if (control !== group.controlNumber) {
        add({
          code: 'EDI_GE02_MISMATCH',
          message: `GE02 "${control}" does not repeat GS06 "${group.controlNumber}".`,
          segment: ge,
          column: elementColumn(ge, 2),
          location: { ...gLoc, segmentId: 'GE', element: 2, value: control },
          expected: group.controlNumber,
          ack: { group: '4' },
          path: gPath,
        });
      }
    }
    const setNumbers = new Set<string>();
    group.sets.forEach((set, s) => {
      problems.push(...checkSetEnvelope(interchange, group, set, { ...gLoc, set: s }, setNumbers));
    });
  });
  return problems;
}
