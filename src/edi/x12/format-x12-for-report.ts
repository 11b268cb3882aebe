import { parseX12 } from './parse-x12.js';
import type { Segment } from './types.js';

export interface FormatX12ForReportOptions {
  /** Indent groups and sets under their envelopes (2 spaces a level). Default false. */
  indent?: boolean;
}

/**
 * X12 as readable text for report attachments: one segment per line, delimiters as
 * received, BOM/wraps/odd line breaks gone. Text that is not X12 comes back unchanged.
 *
 * @example
 * formatX12ForReport('ISA*00*…~GS*PO*…~ST*850*0001~BEG*00*SA*PO1**20260101~…');
 * // 'ISA*00*…~\nGS*PO*…~\nST*850*0001~\nBEG*00*SA*PO1**20260101~\n…'
 */
export function formatX12ForReport(text: string, options: FormatX12ForReportOptions = {}): string {
  const { interchanges } = parseX12(text);
  if (interchanges.length === 0) return text;
  const lines: string[] = [];
  for (const interchange of interchanges) {
    const { element, segment } = interchange.delimiters;
    const end = segment === '\n' || segment === '\r' ? '' : segment;
    const write = (s: Segment | undefined, level: number): void => {
      if (s) lines.push(`${options.indent ? '  '.repeat(level) : ''}${s.elements.join(element)}${end}`);
    };
    write(interchange.header, 0);
    for (const s of [...interchange.serviceSegments, ...interchange.ta1s]) write(s, 1);
    for (const group of interchange.groups) {
      write(group.header, 1);
      for (const set of group.sets) {
        set.segments.forEach((s, i) => write(s, i === 0 || s === set.trailer ? 2 : 3));
      }
      write(group.trailer, 1);
    }
    write(interchange.trailer, 0);
  }
  return `${lines.join('\n')}\n`;
}
