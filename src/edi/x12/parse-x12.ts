import type { Diagnostic } from '../../core/diagnostic.js';
import { groupFromGs, interchangeFromIsa, setFromSt } from './envelope-records.js';
import { readIsaDelimiters } from './read-isa-delimiters.js';
import { isSegmentId, shorten, skipBlank, startsIsa, trimEnd } from './scan-text.js';
import { prepareSourceText, type SourceText } from './source-text.js';
import type {
  Delimiters,
  FunctionalGroup,
  Interchange,
  ParseX12Options,
  ParseX12Result,
  Segment,
  SegmentPosition,
  TransactionSet,
} from './types.js';

/**
 * Reads X12 text into interchanges → functional groups → transaction sets → segments.
 * Never throws: what cannot be read becomes a diagnostic (`EDI_NOT_X12`, `EDI_IEA_MISSING`, ...).
 * Delimiters are detected again at every ISA, so one file may mix interchanges written
 * with different delimiters. Tolerates a BOM, CR/LF line breaks after (or as) terminators,
 * indentation, odd terminators, 80-column hard wraps, ISB/ISE/TA1 and a trailing ^Z.
 *
 * @example
 * const { interchanges, diagnostics } = parseX12(text, { file: 'po.edi' });
 * interchanges[0]?.groups[0]?.sets[0]?.id; // '850'
 */
export function parseX12(text: string, options: ParseX12Options = {}): ParseX12Result {
  const reader = new X12Reader(String(text ?? ''), options.file);
  return reader.read();
}

const ENVELOPE_LEVEL = new Set(['ISB', 'ISE', 'ISX']);

/**
 * EBCDIC "ISA" (0xC9 0xE2 0xC1) as it arrives when the bytes were decoded as if they were
 * text: as Latin-1/Windows-1252 ("ÉâÁ"), or as UTF-8 (three replacement characters).
 */
function looksEbcdic(first: string): boolean {
  return first === '\u00c9\u00e2\u00c1' || first === '\ufffd\ufffd\ufffd';
}

class X12Reader {
  private readonly source: SourceText;
  private readonly text: string;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly interchanges: Interchange[] = [];

  constructor(
    original: string,
    private readonly file: string | undefined,
  ) {
    this.source = prepareSourceText(original, (joined) => {
      const at = skipBlank(joined, 0);
      const found = readIsaDelimiters(joined, at);
      return found.ok && found.delimiters.segment !== '\n' && found.delimiters.segment !== '\r';
    });
    this.text = this.source.text;
  }

  read(): ParseX12Result {
    let at = skipBlank(this.text, 0);
    if (at >= this.text.length) {
      this.report(
        'EDI_NOT_X12',
        'The document is empty: there is no ISA segment to read.',
        0,
        'a document starting with "ISA"',
      );
      return this.result();
    }
    if (looksEbcdic(this.text.slice(at, at + 3))) {
      this.report(
        'EDI_EBCDIC',
        'The document is EBCDIC, not ASCII: its first bytes are "ISA" in EBCDIC code page 037, read here as other characters.',
        at,
        'X12 text decoded from its bytes: decodeEbcdic037(bytes), or `rehearse edi validate <file>`, which reads EBCDIC files itself',
      );
      return this.result();
    }
    while (at < this.text.length) {
      const start = this.findIsa(at);
      if (start === -1) {
        if (this.interchanges.length === 0) {
          // Say why the first "ISA" in the text was not readable, when there is one.
          const candidate = this.text.indexOf('ISA', at);
          const found = candidate === -1 ? undefined : readIsaDelimiters(this.text, candidate);
          const why = found && !found.ok ? ` (at the first "ISA": ${found.reason})` : '';
          this.report(
            'EDI_NOT_X12',
            `The document is not X12: no ISA interchange header with valid delimiters was found${why}.`,
            candidate === -1 ? at : candidate,
            'an ISA segment: "ISA" followed by an element separator, 16 elements and a segment terminator',
          );
        } else {
          this.report('EDI_TRAILING_DATA', 'Unreadable data after the last interchange (IEA) was ignored.', at);
        }
        break;
      }
      if (start > at) {
        this.report(
          this.interchanges.length === 0 ? 'EDI_LEADING_DATA' : 'EDI_DATA_BETWEEN_INTERCHANGES',
          `${start - at} character(s) of data that is not X12 was skipped before an ISA.`,
          at,
        );
      }
      at = skipBlank(this.text, this.readInterchange(start));
    }
    return this.result();
  }

  private result(): ParseX12Result {
    return { interchanges: this.interchanges, diagnostics: this.diagnostics };
  }

  /** The next offset at or after `from` where a readable ISA starts, or -1. */
  private findIsa(from: number): number {
    for (let at = this.text.indexOf('ISA', from); at !== -1; at = this.text.indexOf('ISA', at + 1)) {
      if (readIsaDelimiters(this.text, at).ok) return at;
    }
    return -1;
  }

  /** Reads one interchange from its ISA; returns the offset after its last segment. */
  private readInterchange(start: number): number {
    const found = readIsaDelimiters(this.text, start);
    if (!found.ok) return start + 3; // findIsa only returns readable ISAs
    const delimiters = found.delimiters;
    const { element, segment: terminator } = delimiters;
    const text = this.text;
    let interchange: Interchange | undefined;
    let group: FunctionalGroup | undefined;
    let set: TransactionSet | undefined;
    let at = start;

    const closeSet = (reason: Segment | undefined): void => {
      if (!set) return;
      const where = reason?.position ?? set.header.position;
      this.reportAt('EDI_SE_MISSING', `Transaction set ${set.id} ${set.controlNumber} has no SE trailer.`, where);
      set = undefined;
    };
    const closeGroup = (reason: Segment | undefined): void => {
      closeSet(reason);
      if (!group) return;
      const where = reason?.position ?? group.header.position;
      this.reportAt('EDI_GE_MISSING', `Functional group ${group.controlNumber} has no GE trailer.`, where);
      group = undefined;
    };

    while (at < text.length) {
      let end = text.indexOf(terminator, at);
      if (end === -1) end = text.length;
      const raw = trimEnd(text.slice(at, end));
      const segmentStart = at;
      at = skipBlank(text, end + terminator.length);
      if (raw.length === 0) continue;
      if (interchange && startsIsa(raw)) {
        closeGroup(undefined);
        this.reportAt(
          'EDI_IEA_MISSING',
          `Interchange ${interchange.controlNumber} has no IEA trailer.`,
          interchange.header.position,
        );
        return segmentStart;
      }
      const elements = raw.split(element);
      const id = elements[0]!;
      const seg: Segment = { id, elements, position: this.source.locate(segmentStart) };
      if (!interchange) {
        interchange = this.startInterchange(seg, delimiters);
        continue;
      }
      if (!isSegmentId(id)) {
        this.reportAt(
          'EDI_SEGMENT_ID_INVALID',
          `"${shorten(id)}" is not a segment id (2–3 letters or digits).`,
          seg.position,
        );
        if (set) set.segments.push(seg);
        continue;
      }
      switch (id) {
        case 'GS':
          closeGroup(seg);
          group = groupFromGs(seg);
          interchange.groups.push(group);
          break;
        case 'ST':
          if (!group) {
            this.reportAt(
              'EDI_ST_OUTSIDE_GROUP',
              'ST appears outside a functional group (no GS before it).',
              seg.position,
            );
            break;
          }
          closeSet(seg);
          set = setFromSt(seg, delimiters);
          group.sets.push(set);
          break;
        case 'SE':
          if (!set) {
            this.reportAt(
              'EDI_SE_UNEXPECTED',
              'SE appears without an open transaction set (no ST before it).',
              seg.position,
            );
            break;
          }
          set.segments.push(seg);
          set.trailer = seg;
          set = undefined;
          break;
        case 'GE':
          if (!group) {
            this.reportAt(
              'EDI_GE_UNEXPECTED',
              'GE appears without an open functional group (no GS before it).',
              seg.position,
            );
            break;
          }
          closeSet(seg);
          group.trailer = seg;
          group = undefined;
          break;
        case 'IEA':
          closeGroup(seg);
          interchange.trailer = seg;
          return at;
        default:
          if (set) set.segments.push(seg);
          else if (!group && id === 'TA1') interchange.ta1s.push(seg);
          else if (!group && ENVELOPE_LEVEL.has(id)) interchange.serviceSegments.push(seg);
          else
            this.reportAt(
              'EDI_SEGMENT_OUTSIDE_SET',
              `Segment ${id} appears outside a transaction set (between ${group ? 'GS and ST, or SE and GE' : 'envelopes'}).`,
              seg.position,
            );
      }
    }
    if (interchange) {
      closeGroup(undefined);
      this.reportAt(
        'EDI_IEA_MISSING',
        `Interchange ${interchange.controlNumber} has no IEA trailer.`,
        interchange.header.position,
      );
    }
    return at;
  }

  private startInterchange(isa: Segment, delimiters: Delimiters): Interchange {
    const interchange = interchangeFromIsa(isa, delimiters, this.file);
    this.interchanges.push(interchange);
    return interchange;
  }

  private report(code: string, message: string, offset: number, expected?: string): void {
    this.reportAt(code, message, this.source.locate(offset), expected);
  }

  private reportAt(code: string, message: string, position: SegmentPosition, expected?: string): void {
    const d: Diagnostic = { code, message, severity: 'error', line: position.line, column: position.column };
    if (this.file !== undefined) d.file = this.file;
    if (expected !== undefined) d.expected = expected;
    this.diagnostics.push(d);
  }
}
