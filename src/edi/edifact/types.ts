import type { Diagnostic } from '../../core/diagnostic.js';
import type { SegmentPosition } from '../x12/types.js';

/** UNA service string advice: the six characters, or the defaults `:+.? '`. */
export interface EdifactDelimiters {
  component: string;
  element: string;
  decimal: string;
  /** Release (escape) character; '' when none. */
  release: string;
  segment: string;
}

/**
 * One EDIFACT segment. `elements[0]` is `[tag]`, so `elements[1]` is the first data
 * element; each element is its list of components, release characters already removed.
 */
export interface EdifactSegment {
  tag: string;
  elements: string[][];
  position: SegmentPosition;
}

export interface EdifactMessage {
  /** UNH01 message reference number. */
  reference: string;
  /** UNH02-1: ORDERS, DESADV, INVOIC, ... */
  type: string;
  /** UNH02-2/-3/-4: `D`, `96A`, `UN`. */
  version: string;
  release: string;
  agency: string;
  header: EdifactSegment;
  trailer?: EdifactSegment;
  /** UNH … UNT, both included. */
  segments: EdifactSegment[];
}

export interface EdifactGroup {
  header: EdifactSegment;
  trailer?: EdifactSegment;
  /** UNG05. */
  reference: string;
  messages: EdifactMessage[];
}

export interface EdifactInterchange {
  file?: string;
  delimiters: EdifactDelimiters;
  /** True when a UNA segment set the delimiters. */
  hasUna: boolean;
  /** UNB01-1/-2: `UNOC`, `3`. */
  syntax: { id: string; version: string };
  sender: { id: string; qualifier: string };
  recipient: { id: string; qualifier: string };
  date: string;
  time: string;
  /** UNB05 interchange control reference. */
  controlReference: string;
  header: EdifactSegment;
  trailer?: EdifactSegment;
  groups: EdifactGroup[];
  /** Every message, in or out of groups, in order. */
  messages: EdifactMessage[];
}

export interface ParseEdifactResult {
  interchanges: EdifactInterchange[];
  /** Problems, with codes `EDI_EDIFACT_...` / `EDI_NOT_EDIFACT`. */
  diagnostics: Diagnostic[];
}
