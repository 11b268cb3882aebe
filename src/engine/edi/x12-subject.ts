import { getPath } from '../../core/json-path.js';
// The EDI modules themselves, not rehearse/edi's index: it exports the TypeBox schemas too.
import { asnTree, type AsnItem } from '../../edi/x12/asn-tree.js';
import { formatX12ForReport } from '../../edi/x12/format-x12-for-report.js';
import { parseX12 } from '../../edi/x12/parse-x12.js';
import { queryX12 } from '../../edi/x12/query-x12.js';
import type { Interchange, TransactionSet } from '../../edi/x12/types.js';
import { checkExpectations, type CheckResult } from '../../matchers/index.js';

/** A received or sent X12 document and how paths read it. */
export interface X12Document {
  text: string;
  interchange: Interchange;
  set: TransactionSet;
  /** Extra named values: messageId, receivedAt, ... */
  extra?: Record<string, unknown>;
}

/**
 * Reads a path of an `edi.expect`/`edi.send` spec: `asn.<path>` into the 856
 * tree, `controlNumber` (ISA13), `groupControlNumber` (GS06), `text`, extra
 * names, and otherwise an X12 query (`BEG03`, `PO1[*].02`, `N1[01=ST].02`,
 * `count(PO1)`, `sum(SN1[*].02)`).
 */
export function readX12Path(doc: X12Document, path: string): { found: boolean; value: unknown } {
  if (path.startsWith('asn.') || path === 'asn') {
    return getPath({ asn: asnTree(doc.set) }, path);
  }
  if (path === 'controlNumber') return { found: true, value: doc.interchange.header.elements[13] };
  if (path === 'groupControlNumber') return { found: true, value: doc.interchange.groups[0]?.header.elements[6] };
  if (path === 'text') return { found: true, value: doc.text };
  if (doc.extra && path in doc.extra) return { found: true, value: doc.extra[path] };
  const value = queryX12(doc.set, path);
  return { found: value !== undefined && !(Array.isArray(value) && value.length === 0), value };
}

/**
 * Checks `{ path: literal | matcher }` against a document. Paths are X12
 * queries, not JSON paths, so each is read first and checked under a plain key.
 */
export function checkX12(doc: X12Document, spec: Readonly<Record<string, unknown>>): CheckResult[] {
  const results: CheckResult[] = [];
  for (const [path, expected] of Object.entries(spec)) {
    let read: { found: boolean; value: unknown };
    try {
      read = readX12Path(doc, path);
    } catch (error) {
      results.push({
        path,
        matcher: 'query',
        expected: 'a readable X12 path',
        actual: path,
        passed: false,
        message: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    const subject = read.found ? { v: read.value } : {};
    for (const result of checkExpectations(subject, { v: expected })) {
      results.push({ ...result, path, message: result.message.replace(/^v(?=[:.[])/, path) });
    }
  }
  return results;
}

/** The document as readable text for the report: one segment per line, indented by loop. */
export function readableX12(text: string): string {
  try {
    return formatX12ForReport(text, { indent: true });
  } catch {
    return text;
  }
}

/**
 * The document as data for the report: envelope, set, each segment's elements
 * by position (`BEG01`…), and for an 856 the shipment → order → pack → item tree.
 */
export function parsedX12View(doc: X12Document): string {
  const isa = doc.interchange.header.elements;
  const segments = doc.set.segments.map((segment) => {
    const [id = '', ...values] = segment.elements;
    const elements = Object.fromEntries(
      values.map((value, i) => [`${id}${String(i + 1).padStart(2, '0')}`, value] as const).filter(([, v]) => v !== ''),
    );
    return { id, line: segment.position.line, elements };
  });
  const view = {
    envelope: {
      sender: `${isa[5]?.trim()}:${isa[6]?.trim()}`,
      receiver: `${isa[7]?.trim()}:${isa[8]?.trim()}`,
      controlNumber: isa[13],
      date: isa[9],
      time: isa[10],
    },
    set: { id: doc.set.id, controlNumber: doc.set.controlNumber },
    ...(doc.set.id === '856' ? { asn: asnSummary(doc.set) } : {}),
    segments,
  };
  return JSON.stringify(view, null, 2);
}

/** The 856 tree without its raw segments (they are listed once, below it). */
function asnSummary(set: TransactionSet) {
  const tree = asnTree(set);
  // The nodes carry raw segments and back-references; the report wants the hierarchy.
  const item = ({ node: _node, ...rest }: AsnItem & { node?: unknown }) => rest;
  return {
    shipmentId: tree.shipmentId,
    date: tree.date,
    quantities: tree.quantities,
    orders: tree.orders.map((o) => ({
      hl: o.hl,
      purchaseOrder: o.purchaseOrder,
      quantities: o.quantities,
      packs: o.packs.map((p) => ({ hl: p.hl, marks: p.marks, items: p.items.map(item) })),
      items: o.items.map(item),
    })),
    problems: tree.problems,
  };
}

/** The first set `setId` of an X12 text, as a document paths can read; undefined when there is none. */
export function documentOf(text: string, setId: string, extra?: Record<string, unknown>): X12Document | undefined {
  for (const interchange of parseX12(text).interchanges) {
    for (const group of interchange.groups) {
      const set = group.sets.find((s) => s.id === setId);
      if (set) return { text, interchange, set, ...(extra ? { extra } : {}) };
    }
  }
  return undefined;
}
