import type { Diagnostic } from '../../../core/diagnostic.js';
import type { FunctionalGroup, Interchange, Segment, TransactionSet } from '../types.js';

/** Where a problem sits in the envelope structure (indexes are 0-based). */
export interface X12Location {
  interchange: number;
  group?: number;
  set?: number;
  /** Segment id the problem is about (AK301). */
  segmentId?: string;
  /** Position of the segment in its set, ST = 1 (AK302). */
  segmentPosition?: number;
  /** Element position, 1-based (AK401). */
  element?: number;
  /** Component position inside a composite, 1-based. */
  component?: number;
  /** The offending value, when there is one (AK404). */
  value?: string;
}

/** The 997 codes a problem maps to. */
export interface X12AckCodes {
  /** AK304 segment syntax error code. */
  segment?: string;
  /** AK403 data element syntax error code. */
  element?: string;
  /** AK402 data element reference number. */
  elementRef?: number;
  /** AK502 transaction set syntax error code. */
  set?: string;
  /** AK905 functional group syntax error code. */
  group?: string;
}

/** A validation finding: a core `Diagnostic` (file/line/column, code `EDI_...`) with X12 context. */
export interface X12Problem extends Diagnostic {
  severity: 'error' | 'warning';
  location?: X12Location;
  ack?: X12AckCodes;
}

export interface ProblemInput {
  code: string;
  message: string;
  severity?: 'error' | 'warning';
  file?: string;
  segment?: Segment;
  /** Column override (an element's column rather than the segment's). */
  column?: number;
  location?: X12Location;
  ack?: X12AckCodes;
  expected?: string;
  hint?: string;
  path?: string;
}

export function problem(input: ProblemInput): X12Problem {
  const p: X12Problem = { code: input.code, message: input.message, severity: input.severity ?? 'error' };
  if (input.file !== undefined) p.file = input.file;
  if (input.segment) {
    p.line = input.segment.position.line;
    p.column = input.column ?? input.segment.position.column;
  }
  if (input.path !== undefined) p.path = input.path;
  if (input.expected !== undefined) p.expected = input.expected;
  if (input.hint !== undefined) p.hint = input.hint;
  if (input.location) p.location = input.location;
  if (input.ack) p.ack = input.ack;
  return p;
}

/** Column of element `index` (1-based) of a segment written on one line. */
export function elementColumn(segment: Segment, index: number, separatorLength = 1): number {
  let column = segment.position.column;
  for (let i = 0; i < index && i < segment.elements.length; i++)
    column += segment.elements[i]!.length + separatorLength;
  return column;
}

/** `BEG03`, `N104`, `AK401`: the name implementation guides use for an element. */
export function elementName(segmentId: string, index: number): string {
  return `${segmentId}${String(index).padStart(2, '0')}`;
}

/** `interchange 000000001 > group PO 1 > set 850 0001`: where a problem is, in words. */
export function pathOf(interchange: Interchange, group?: FunctionalGroup, set?: TransactionSet): string {
  let path = `interchange ${interchange.controlNumber}`;
  if (group) path += ` > group ${group.functionalId} ${group.controlNumber}`;
  if (set) path += ` > set ${set.id} ${set.controlNumber}`;
  return path;
}
