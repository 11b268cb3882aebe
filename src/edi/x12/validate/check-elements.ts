import type { ElementDef, SegmentDef } from '../definitions/model.js';
import type { Segment } from '../types.js';
import { elementColumn, elementName, problem, type X12Location, type X12Problem } from './problem.js';
import { checkSyntaxNotes } from './check-syntax-notes.js';
import type { VersionRules } from './version-rules.js';

export interface ElementContext {
  file?: string;
  /** Where the set sits (shared between segments; copied only when a problem is found). */
  location: X12Location;
  /** Position of the segment in its set, ST = 1. */
  segmentPosition?: number;
  path?: string;
  /** Date and time widths of the group's X12 release (GS08); default CCYYMMDD. */
  rules?: VersionRules;
}

/**
 * Checks a segment's elements against its definition: count, mandatory presence,
 * data type (ID/AN/Nn/R/DT/TM), min/max length, code lists, syntax notes. Dates and
 * times follow the release in `context.rules` (YYMMDD before 004010, CCYYMMDD from it).
 * Each problem carries the AK403 code a 997 would report.
 */
export function checkElements(segment: Segment, def: SegmentDef, context: ElementContext): X12Problem[] {
  const values = segment.elements;
  // [element index, code, AK403, message, expected]: built into problems only when something is wrong.
  const found: Array<[number, string, string, string, string | undefined]> = [];
  if (!def.open && values.length - 1 > def.elements.length) {
    for (let i = def.elements.length + 1; i < values.length; i++) {
      if (values[i] !== '') {
        found.push([
          i,
          'EDI_ELEMENT_TOO_MANY',
          '3',
          `${def.id} has ${values.length - 1} elements; ${def.name} (${def.id}) defines ${def.elements.length}.`,
          `at most ${def.elements.length} elements`,
        ]);
        break;
      }
    }
  }
  for (let i = 0; i < def.elements.length; i++) {
    const element = def.elements[i]!;
    const index = i + 1;
    const value = values[index] ?? '';
    if (value === '') {
      if (element.req === 'M')
        found.push([
          index,
          'EDI_ELEMENT_MISSING',
          '1',
          `${elementName(def.id, index)} is mandatory but empty.`,
          describe(element, context.rules),
        ]);
      continue;
    }
    const bad = checkValue(value, element, context.rules);
    if (bad)
      found.push([
        index,
        bad.code,
        bad.ack,
        `${elementName(def.id, index)} ${bad.why}: "${shorten(value)}".`,
        describe(element, context.rules),
      ]);
  }
  if (def.notes) {
    for (const note of checkSyntaxNotes(values, def.notes)) {
      found.push([
        note.element,
        note.code,
        note.ack,
        `${def.id} breaks syntax note ${note.note}: ${note.why}.`,
        undefined,
      ]);
    }
  }
  if (found.length === 0) return [];
  return found.map(([index, code, ack, message, expected]) => {
    const value = values[index] ?? '';
    const ref = def.elements[index - 1]?.ref;
    const location: X12Location = { ...context.location, segmentId: def.id, element: index };
    if (context.segmentPosition !== undefined) location.segmentPosition = context.segmentPosition;
    if (value) location.value = value;
    return problem({
      code,
      message,
      segment,
      column: elementColumn(segment, index),
      location,
      ack: { segment: '8', element: ack, ...(ref !== undefined ? { elementRef: ref } : {}) },
      ...(context.file !== undefined ? { file: context.file } : {}),
      ...(context.path !== undefined ? { path: `${context.path} ${elementName(def.id, index)}` } : {}),
      ...(expected !== undefined ? { expected } : {}),
    });
  });
}

interface Finding {
  code: string;
  ack: string;
  why: string;
}

function checkValue(value: string, def: ElementDef, rules: VersionRules | undefined): Finding | undefined {
  if (def.type === 'COMPOSITE' || def.type === 'B') return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c === 127)
      return {
        code: 'EDI_ELEMENT_INVALID_CHARACTER',
        ack: '6',
        why: `contains control character 0x${c.toString(16).padStart(2, '0')}`,
      };
  }
  let length = value.length;
  switch (def.type) {
    case 'R':
      if (!/^-?(?:\d+(?:\.\d*)?|\.\d+)$/.test(value))
        return { code: 'EDI_ELEMENT_INVALID_CHARACTER', ack: '6', why: 'is not a decimal number' };
      length = value.replace(/[-.]/g, '').length;
      break;
    case 'DT': {
      const digits = rules?.dateDigits ?? 8;
      const form = digits === 6 ? 'YYMMDD' : 'CCYYMMDD';
      const release = rules?.release ? `, as version ${rules.release} writes dates` : '';
      if (value.length !== digits || !isDate(value))
        return { code: 'EDI_ELEMENT_INVALID_DATE', ack: '8', why: `is not a valid date (${form}${release})` };
      // The width is the release's, not the dictionary's (written for 004010).
      return undefined;
    }
    case 'TM': {
      const max = rules?.timeMaxDigits ?? 8;
      const release = rules?.release ? `, as version ${rules.release} writes times` : '';
      if (!isTime(value) || value.length > max)
        return {
          code: 'EDI_ELEMENT_INVALID_TIME',
          ack: '9',
          why: `is not a valid time (${max === 6 ? 'HHMM[SS]' : 'HHMM[SS[dd]]'}${release})`,
        };
      break;
    }
    case 'ID':
    case 'AN':
      break;
    default:
      // Nn: implied-decimal integer.
      if (!/^-?\d+$/.test(value))
        return { code: 'EDI_ELEMENT_INVALID_CHARACTER', ack: '6', why: 'is not a whole number' };
      length = value.replace('-', '').length;
  }
  if (length < def.min) return { code: 'EDI_ELEMENT_TOO_SHORT', ack: '4', why: `is shorter than ${def.min}` };
  if (length > def.max) return { code: 'EDI_ELEMENT_TOO_LONG', ack: '5', why: `is longer than ${def.max}` };
  if (def.type === 'ID' && def.codes && !def.codes.includes(value)) {
    return { code: 'EDI_ELEMENT_INVALID_CODE', ack: '7', why: 'is not a valid code' };
  }
  return undefined;
}

function isDate(value: string): boolean {
  let y: number;
  let rest: string;
  if (/^\d{8}$/.test(value)) {
    y = Number(value.slice(0, 4));
    rest = value.slice(4);
  } else if (/^\d{6}$/.test(value)) {
    y = 2000 + Number(value.slice(0, 2));
    rest = value.slice(2);
  } else return false;
  const m = Number(rest.slice(0, 2));
  const d = Number(rest.slice(2, 4));
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function isTime(value: string): boolean {
  if (!/^\d{4}(\d{2}(\d{1,2})?)?$/.test(value)) return false;
  const h = Number(value.slice(0, 2));
  const m = Number(value.slice(2, 4));
  const s = value.length >= 6 ? Number(value.slice(4, 6)) : 0;
  return h < 24 && m < 60 && s < 60;
}

function describe(def: ElementDef, rules: VersionRules | undefined): string {
  let size = def.type === 'COMPOSITE' ? 'composite' : `${def.type} ${def.min}/${def.max}`;
  if (def.type === 'DT') size = `DT ${rules?.dateDigits ?? 8}/${rules?.dateDigits ?? 8}`;
  if (def.type === 'TM') size = `TM ${def.min}/${rules?.timeMaxDigits ?? def.max}`;
  const codes = def.codes ? `, one of ${def.codes.slice(0, 12).join(', ')}${def.codes.length > 12 ? ', …' : ''}` : '';
  const req = def.req === 'M' ? 'mandatory' : def.req === 'X' ? 'conditional' : 'optional';
  return `${req} ${size}${codes}`;
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
