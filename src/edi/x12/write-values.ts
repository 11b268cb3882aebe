import { RehearseError } from '../../core/errors.js';
import type { X12ElementValue } from './build-spec.js';

/** The delimiters a segment is written with. */
export interface Writer {
  element: string;
  component: string;
  terminator: string;
}

const ENVELOPE_IDS = new Set(['ISA', 'IEA', 'GS', 'GE', 'ST', 'SE']);

export function writeSegment(values: readonly X12ElementValue[], w: Writer, where: string, envelope = true): string {
  const id = values[0];
  if (typeof id !== 'string' || !/^[A-Z][A-Z0-9]{1,2}$/.test(id))
    fail(`${where} has segment id ${JSON.stringify(id)}`, 'Segment ids are 2–3 capital letters or digits, e.g. "BEG".');
  if (ENVELOPE_IDS.has(id) && !envelope) {
    fail(
      `${where} is an envelope segment (${id})`,
      'Leave ISA/GS/ST/SE/GE/IEA out of segments: they are written for you.',
    );
  }
  const out = values.map((value, i) =>
    i === 0 ? id : text(value, w, `${where} element ${String(i).padStart(2, '0')}`),
  );
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out.join(w.element);
}

function text(value: X12ElementValue | undefined, w: Writer, where: string): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const parts = value.map((part) => text(part, w, where));
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    for (const part of parts)
      if (part.includes(w.component)) delimiterInside(where, w.component, 'component separator');
    return parts.join(w.component);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${where} is ${value}`, 'Numbers must be finite.');
    return String(value);
  }
  if (typeof value !== 'string')
    return fail(`${where} is ${typeof value}`, 'Element values are strings, numbers or arrays of components.');
  if (value.includes(w.element)) delimiterInside(where, w.element, 'element separator');
  if (value.includes(w.terminator)) delimiterInside(where, w.terminator, 'segment terminator');
  if (value.includes(w.component)) delimiterInside(where, w.component, 'component separator');
  return value;
}

function delimiterInside(where: string, ch: string, name: string): never {
  return fail(
    `${where} contains the ${name} "${ch}"`,
    'Remove it from the value, or choose other delimiters in `delimiters`.',
  );
}

export function party(
  value: { id: string; qualifier?: string } | undefined,
  name: string,
): { id: string; qualifier: string } {
  if (!value || typeof value.id !== 'string' || value.id.length === 0)
    fail(`${name}.id is missing`, `Add ${name}: { id: "...", qualifier: "ZZ" }.`);
  if (value.id.length > 15)
    fail(`${name}.id "${value.id}" is longer than 15 characters`, 'ISA06/ISA08 hold at most 15 characters.');
  const qualifier = value.qualifier ?? 'ZZ';
  if (qualifier.length !== 2)
    fail(`${name}.qualifier "${qualifier}" is not 2 characters`, 'Use a code such as ZZ, 01, 08, 12.');
  return { id: value.id, qualifier };
}

export function groupParty(value: string, name: string): string {
  if (value.length < 2 || value.length > 15) {
    fail(
      `${name} "${value}" is not 2–15 characters (GS02/GS03)`,
      'Give the group a sender/receiver of 2 to 15 characters, or use longer ISA ids.',
    );
  }
  return value;
}

export function fixed(value: string, width: number, name: string): string {
  if (value.length > width)
    fail(`${name} "${value}" is longer than ${width} characters`, `The ISA field holds exactly ${width} characters.`);
  return value.padEnd(width, ' ');
}

export function digits(value: string, width: number, name: string): string {
  if (!/^[0-9]{1,9}$/.test(value))
    fail(`${name} "${value}" is not 1–9 digits`, 'Control numbers are unsigned integers of up to 9 digits.');
  return width ? value.padStart(width, '0') : value;
}

export function ccyymmdd(value: string | undefined, now: Date, name: string): string {
  if (value === undefined) return now.toISOString().slice(0, 10).replace(/-/g, '');
  const compact = value.replace(/-/g, '');
  if (/^[0-9]{8}$/.test(compact)) return compact;
  if (/^[0-9]{6}$/.test(compact)) return `20${compact}`;
  return fail(`${name} "${value}" is not a date`, 'Write CCYYMMDD, YYMMDD or YYYY-MM-DD.');
}

export function hhmm(value: string | undefined, now: Date, name: string): string {
  if (value === undefined) return now.toISOString().slice(11, 16).replace(':', '');
  const compact = value.replace(/:/g, '');
  if (/^[0-9]{4}([0-9]{2})?$/.test(compact)) return compact;
  return fail(`${name} "${value}" is not a time`, 'Write HHMM, HHMMSS or HH:MM.');
}

export function checkDelimiters(chars: string[]): void {
  if (new Set(chars).size !== chars.length)
    fail(
      `the delimiters ${JSON.stringify(chars)} are not all different`,
      'Element, component, segment and repetition separators must differ.',
    );
  for (const ch of chars) {
    if (ch.length !== 1 || /[A-Za-z0-9 ]/.test(ch))
      fail(`"${ch}" cannot be a delimiter`, 'Delimiters are single characters that are not letters, digits or spaces.');
  }
}

export function fail(why: string, hint: string): never {
  throw new RehearseError('REHEARSE_EDI_BUILD_INVALID', `Failed to build X12: ${why}.`, { hint });
}
