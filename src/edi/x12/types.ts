import type { Diagnostic } from '../../core/diagnostic.js';

/** Where a segment starts in the file it was read from (1-based line/column, 0-based offset). */
export interface SegmentPosition {
  line: number;
  column: number;
  /** Offset in the original text, in UTF-16 code units. */
  offset: number;
}

/**
 * One X12 segment. `elements[0]` is the segment id, so `elements[1]` is XX01 — the
 * numbering every implementation guide uses. Element values are kept raw: composite
 * components and repetitions are split on access (see `componentsOf`), never at parse time,
 * because data in old versions may legally contain the characters a newer ISA11 declares.
 */
export interface Segment {
  id: string;
  elements: string[];
  position: SegmentPosition;
}

/** The delimiters of one interchange, as read from its ISA. */
export interface Delimiters {
  element: string;
  component: string;
  /** The segment terminator proper (`~`, `\n`, `|`, `…`, ...). */
  segment: string;
  /** Repetition separator (ISA11, version 00402 and later); absent before that. */
  repetition?: string;
  /** Line break seen after the terminator (`\n`, `\r\n` or ''), kept when writing back. */
  suffix: string;
}

export interface TransactionSet {
  /** ST01: `850`, `856`, ... */
  id: string;
  /** ST02. */
  controlNumber: string;
  /** ST03 (version 005010+), when present. */
  implementationReference?: string;
  header: Segment;
  trailer?: Segment;
  /** Every segment of the set, ST and SE included. */
  segments: Segment[];
  /** The delimiters of the interchange the set came in (shared object). */
  delimiters: Delimiters;
}

export interface FunctionalGroup {
  /** GS01 functional identifier code: `PO`, `PR`, `SH`, `IN`, `FA`, `OW`, `SW`, ... */
  functionalId: string;
  senderId: string;
  receiverId: string;
  date: string;
  time: string;
  /** GS06. */
  controlNumber: string;
  agency: string;
  /** GS08, e.g. `004010`, `004010VICS`. */
  version: string;
  header: Segment;
  trailer?: Segment;
  sets: TransactionSet[];
}

export interface Interchange {
  /** The file this interchange was read from, for positioned problems. */
  file?: string;
  delimiters: Delimiters;
  authorizationQualifier: string;
  authorization: string;
  securityQualifier: string;
  security: string;
  senderQualifier: string;
  /** ISA06 without its padding. */
  senderId: string;
  receiverQualifier: string;
  /** ISA08 without its padding. */
  receiverId: string;
  /** ISA09 (YYMMDD) and ISA10 (HHMM). */
  date: string;
  time: string;
  /** ISA11: the repetition separator from 00402 on, the standards identifier (`U`) before. */
  standardsOrRepetition: string;
  /** ISA12, e.g. `00401`. */
  version: string;
  /** ISA13, kept as written (a string: leading zeros matter). */
  controlNumber: string;
  ackRequested: string;
  /** ISA15: `P` production, `T` test, `I` information. */
  usage: string;
  header: Segment;
  trailer?: Segment;
  groups: FunctionalGroup[];
  /** TA1 interchange acknowledgments carried by this interchange. */
  ta1s: Segment[];
  /** ISB / ISE / ISX service segments. */
  serviceSegments: Segment[];
}

export interface ParseX12Options {
  /** File name put on every diagnostic and interchange. */
  file?: string;
}

export interface ParseX12Result {
  interchanges: Interchange[];
  /** Problems that stopped parts of the text from being read as X12 (codes `EDI_...`). */
  diagnostics: Diagnostic[];
}

/** X12 standard transaction sets this toolkit knows by structure. */
export type SupportedSetId = '850' | '855' | '856' | '810' | '997' | '940' | '945';
