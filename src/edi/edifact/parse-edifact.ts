import type { Diagnostic } from '../../core/diagnostic.js';
import { skipBlank } from '../x12/scan-text.js';
import { prepareSourceText, type SourceText } from '../x12/source-text.js';
import { readEdifactSegment } from './read-edifact-segment.js';
import type { SegmentPosition } from '../x12/types.js';
import type {
  EdifactDelimiters,
  EdifactGroup,
  EdifactInterchange,
  EdifactMessage,
  EdifactSegment,
  ParseEdifactResult,
} from './types.js';

/**
 * The delimiters in force when there is no UNA: `:+.? '`.
 *
 * @example
 * DEFAULT_EDIFACT_DELIMITERS.release; // '?'
 */
export const DEFAULT_EDIFACT_DELIMITERS: Readonly<EdifactDelimiters> = {
  component: ':',
  element: '+',
  decimal: '.',
  release: '?',
  segment: "'",
};

export interface ParseEdifactOptions {
  file?: string;
}

/**
 * Reads UN/EDIFACT (read only): UNA service string advice (or the defaults), release
 * character, interchanges (UNB…UNZ), optional groups (UNG…UNE) and messages (UNH…UNT),
 * checking UNT01 (segments in the message, UNH and UNT included), UNT02 = UNH01,
 * UNE01/UNE02, UNZ01 (messages, or groups when groups are used) and UNZ02 = UNB05.
 * Never throws; problems come back as diagnostics.
 *
 * @example
 * const { interchanges } = parseEdifact("UNB+UNOC:3+SENDER+RECEIVER+260101:1200+1'UNH+1+ORDERS:D:96A:UN'BGM+220+PO1'UNT+3+1'UNZ+1+1'");
 * interchanges[0]?.messages[0]?.type; // 'ORDERS'
 */
export function parseEdifact(text: string, options: ParseEdifactOptions = {}): ParseEdifactResult {
  const source = prepareSourceText(String(text ?? ''), (joined) => /^\s*(UNA|UNB)/.test(joined));
  return new EdifactReader(source, options.file).read();
}

class EdifactReader {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly interchanges: EdifactInterchange[] = [];
  private readonly text: string;

  constructor(
    private readonly source: SourceText,
    private readonly file: string | undefined,
  ) {
    this.text = source.text;
  }

  read(): ParseEdifactResult {
    let at = skipBlank(this.text, 0);
    let delimiters: EdifactDelimiters = { ...DEFAULT_EDIFACT_DELIMITERS };
    let hasUna = false;
    if (this.text.startsWith('UNA', at)) {
      const advice = this.text.slice(at + 3, at + 9);
      if (advice.length < 6) {
        this.report('EDI_NOT_EDIFACT', 'The UNA service string advice is cut short: it needs six characters.', at);
        return this.result();
      }
      delimiters = {
        component: advice[0]!,
        element: advice[1]!,
        decimal: advice[2]!,
        release: advice[3] === ' ' ? '' : advice[3]!,
        segment: advice[5]!,
      };
      hasUna = true;
      at = skipBlank(this.text, at + 9);
    }
    if (!this.text.startsWith('UNB', at)) {
      this.report(
        'EDI_NOT_EDIFACT',
        'The document is not EDIFACT: it does not start with UNA or UNB.',
        at,
        "UNA:+.? ' or UNB+…",
      );
      return this.result();
    }
    let interchange: EdifactInterchange | undefined;
    let group: EdifactGroup | undefined;
    let message: EdifactMessage | undefined;
    while (at < this.text.length) {
      const { segment, next } = this.readSegment(at, delimiters);
      at = skipBlank(this.text, next);
      if (!segment) continue;
      const f = (e: number, c = 0): string => segment.elements[e]?.[c] ?? '';
      switch (segment.tag) {
        case 'UNB':
          if (interchange)
            this.missing(
              'UNZ',
              `Interchange ${interchange.controlReference} has no UNZ trailer.`,
              interchange.header.position,
            );
          interchange = {
            delimiters,
            hasUna,
            syntax: { id: f(1), version: f(1, 1) },
            sender: { id: f(2), qualifier: f(2, 1) },
            recipient: { id: f(3), qualifier: f(3, 1) },
            date: f(4),
            time: f(4, 1),
            controlReference: f(5),
            header: segment,
            groups: [],
            messages: [],
          };
          if (this.file !== undefined) interchange.file = this.file;
          this.interchanges.push(interchange);
          group = undefined;
          message = undefined;
          break;
        case 'UNG':
          group = { header: segment, reference: f(5), messages: [] };
          interchange?.groups.push(group);
          break;
        case 'UNH':
          if (message) this.missing('UNT', `Message ${message.reference} has no UNT trailer.`, message.header.position);
          message = {
            reference: f(1),
            type: f(2),
            version: f(2, 1),
            release: f(2, 2),
            agency: f(2, 3),
            header: segment,
            segments: [segment],
          };
          interchange?.messages.push(message);
          group?.messages.push(message);
          break;
        case 'UNT':
          if (!message) {
            this.reportAt(
              'EDI_EDIFACT_UNEXPECTED',
              'UNT appears without an open message (no UNH before it).',
              segment.position,
            );
            break;
          }
          message.segments.push(segment);
          message.trailer = segment;
          this.checkCount(
            f(1),
            message.segments.length,
            'UNT01',
            `message ${message.reference}`,
            'segment(s), UNH and UNT included',
            segment,
          );
          this.checkReference(f(2), message.reference, 'UNT02', 'UNH01', segment);
          message = undefined;
          break;
        case 'UNE':
          if (!group) break;
          group.trailer = segment;
          this.checkCount(f(1), group.messages.length, 'UNE01', `group ${group.reference}`, 'message(s)', segment);
          this.checkReference(f(2), group.reference, 'UNE02', 'UNG05', segment);
          group = undefined;
          break;
        case 'UNZ':
          if (!interchange) break;
          if (message) this.missing('UNT', `Message ${message.reference} has no UNT trailer.`, message.header.position);
          interchange.trailer = segment;
          if (interchange.groups.length > 0)
            this.checkCount(
              f(1),
              interchange.groups.length,
              'UNZ01',
              `interchange ${interchange.controlReference}`,
              'group(s)',
              segment,
            );
          else
            this.checkCount(
              f(1),
              interchange.messages.length,
              'UNZ01',
              `interchange ${interchange.controlReference}`,
              'message(s)',
              segment,
            );
          this.checkReference(f(2), interchange.controlReference, 'UNZ02', 'UNB05', segment);
          interchange = undefined;
          group = undefined;
          message = undefined;
          break;
        default:
          if (message) message.segments.push(segment);
          else
            this.reportAt(
              'EDI_EDIFACT_SEGMENT_OUTSIDE_MESSAGE',
              `Segment ${segment.tag} appears outside a message (UNH … UNT).`,
              segment.position,
            );
      }
    }
    if (message) this.missing('UNT', `Message ${message.reference} has no UNT trailer.`, message.header.position);
    if (interchange)
      this.missing(
        'UNZ',
        `Interchange ${interchange.controlReference} has no UNZ trailer.`,
        interchange.header.position,
      );
    return this.result();
  }

  private readSegment(start: number, d: EdifactDelimiters): { segment?: EdifactSegment; next: number } {
    const read = readEdifactSegment(this.text, start, d);
    if (read.elements === undefined) return { next: read.next };
    const tag = read.elements[0]?.[0] ?? '';
    const position = this.source.locate(start);
    if (!read.terminated)
      this.reportAt(
        'EDI_EDIFACT_UNTERMINATED',
        `Segment ${tag} is not terminated by "${d.segment}".`,
        position,
        'warning',
      );
    return { segment: { tag, elements: read.elements, position }, next: read.next };
  }

  private checkCount(
    said: string,
    actual: number,
    element: string,
    what: string,
    unit: string,
    segment: EdifactSegment,
  ): void {
    if (said === String(actual) || (/^\d+$/.test(said) && Number(said) === actual)) return;
    this.reportAt(
      `EDI_EDIFACT_${element}_MISMATCH`,
      `${element} says ${said || '(empty)'} but ${what} has ${actual} ${unit}.`,
      segment.position,
    );
  }

  private checkReference(
    said: string,
    expected: string,
    element: string,
    header: string,
    segment: EdifactSegment,
  ): void {
    if (said === expected) return;
    this.reportAt(
      `EDI_EDIFACT_${element}_MISMATCH`,
      `${element} "${said}" does not repeat ${header} "${expected}".`,
      segment.position,
    );
  }

  private missing(tag: string, message: string, position: SegmentPosition): void {
    this.reportAt(`EDI_EDIFACT_${tag}_MISSING`, message, position);
  }

  private result(): ParseEdifactResult {
    return { interchanges: this.interchanges, diagnostics: this.diagnostics };
  }

  private report(code: string, message: string, offset: number, expected?: string): void {
    const d = this.diagnosticAt(code, message, this.source.locate(offset), 'error');
    if (expected !== undefined) d.expected = expected;
    this.diagnostics.push(d);
  }

  private reportAt(
    code: string,
    message: string,
    position: SegmentPosition,
    severity: 'error' | 'warning' = 'error',
  ): void {
    this.diagnostics.push(this.diagnosticAt(code, message, position, severity));
  }

  private diagnosticAt(
    code: string,
    message: string,
    position: SegmentPosition,
    severity: 'error' | 'warning',
  ): Diagnostic {
    const d: Diagnostic = { code, message, severity, line: position.line, column: position.column };
    if (this.file !== undefined) d.file = this.file;
    return d;
  }
}
