/** AK4: one element in error. */
export interface AckElementError {
  /** AK401 element position (1-based). */
  position: number;
  /** Component position inside a composite, when known. */
  component?: number;
  /** AK402 data element reference number. */
  ref?: number;
  /** AK403 data element syntax error code. */
  code: string;
  /** AK404 copy of the bad data element. */
  value?: string;
}

/** AK3 (+ AK4s): one segment in error. */
export interface AckSegmentError {
  segmentId: string;
  /** AK302 position in the set, ST = 1. */
  position: number;
  /** AK304 segment syntax error code. */
  code: string;
  elements: AckElementError[];
}

/** AK2 … AK5: the verdict on one transaction set. */
export interface AckSetResult {
  setId: string;
  controlNumber: string;
  /** AK501: A accepted, E accepted with errors noted, R rejected. */
  status: 'A' | 'E' | 'R';
  /** AK502–AK506. */
  codes: string[];
  segments: AckSegmentError[];
}

/** AK1 … AK9: the verdict on one functional group. */
export interface AckGroupResult {
  functionalId: string;
  controlNumber: string;
  version: string;
  /** AK901: A, E, P (partially accepted) or R. */
  status: 'A' | 'E' | 'P' | 'R';
  /** AK902 sets included (GE01), AK903 received, AK904 accepted. */
  included: number;
  received: number;
  accepted: number;
  /** AK905–AK909. */
  codes: string[];
  sets: AckSetResult[];
}
