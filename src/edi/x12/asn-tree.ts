import type { Segment, TransactionSet } from './types.js';
import { checkHlTree, type HlFinding } from './validate/check-hl-tree.js';

/** One HL level of an 856 with the segments that belong to it. */
export interface AsnNode {
  /** HL01. */
  hl: string;
  /** HL02 (absent for the shipment). */
  parent?: string;
  /** HL03: S, O, T, P, I. */
  level: string;
  segments: Segment[];
  children: AsnNode[];
}

export interface AsnItem {
  hl: string;
  /** LIN01. */
  lineNumber?: string;
  /** LIN03: the first product id. */
  productId?: string;
  /** Every LIN qualifier → id pair (`UP` → UPC, `VP` → vendor part, ...). */
  productIds: Record<string, string>;
  /** SN102 summed over the item's SN1 segments. */
  quantity: number;
  /** SN103. */
  unit?: string;
  node: AsnNode;
}

export interface AsnPack {
  hl: string;
  /** MAN02 values (e.g. SSCC-18 carton labels). */
  marks: string[];
  /** The tare (pallet) the pack sits on, when there is one. */
  tare?: string;
  items: AsnItem[];
  node: AsnNode;
}

export interface AsnOrder {
  hl: string;
  /** PRF01. */
  purchaseOrder?: string;
  packs: AsnPack[];
  /** Items directly under the order (or a tare), not inside a pack. */
  items: AsnItem[];
  /** Quantity per product id over the whole order. */
  quantities: Record<string, number>;
  node: AsnNode;
}

export interface AsnTree {
  /** BSN02 and BSN03. */
  shipmentId?: string;
  date?: string;
  shipment?: AsnNode;
  orders: AsnOrder[];
  /** Every item in document order. */
  items: AsnItem[];
  /** Quantity per product id over the whole shipment. */
  quantities: Record<string, number>;
  /** HL problems (numbering, parents, hierarchy) found while building. */
  problems: HlFinding[];
}

const SUMMARY = new Set(['CTT', 'SE']);

/**
 * Reads an 856 as shipment → orders → packs → items, with quantities per item (SN102)
 * and per product id summed over orders and the shipment. Levels out of place still
 * appear in `items`/`orders` where they can; the HL problems are in `problems`.
 *
 * @example
 * const tree = asnTree(set);
 * tree.orders[0]?.purchaseOrder; // 'PO123'
 * tree.orders[0]?.packs[0]?.items[0]?.quantity; // 12
 * tree.quantities['0000000000642']; // 24
 */
export function asnTree(set: TransactionSet): AsnTree {
  const nodes = new Map<string, AsnNode>();
  const all: AsnNode[] = [];
  let current: AsnNode | undefined;
  const bsn = set.segments.find((s) => s.id === 'BSN');
  for (const segment of set.segments) {
    if (segment.id === 'HL') {
      const [, hl = '', parent = '', level = ''] = segment.elements;
      current = { hl, level, segments: [segment], children: [] };
      if (parent !== '') current.parent = parent;
      nodes.set(hl, current);
      all.push(current);
      const parentNode = parent === '' ? undefined : nodes.get(parent);
      if (parentNode && parentNode !== current) parentNode.children.push(current);
    } else if (SUMMARY.has(segment.id)) {
      current = undefined;
    } else if (current) current.segments.push(segment);
  }
  const tree: AsnTree = { orders: [], items: [], quantities: {}, problems: checkHlTree(set.segments) };
  if (bsn?.elements[2]) tree.shipmentId = bsn.elements[2];
  if (bsn?.elements[3]) tree.date = bsn.elements[3];
  const shipment = all.find((n) => n.level === 'S');
  if (shipment) tree.shipment = shipment;
  const items = new Map<AsnNode, AsnItem>();
  for (const node of all) {
    if (node.level !== 'I') continue;
    const item = toItem(node);
    items.set(node, item);
    tree.items.push(item);
    add(tree.quantities, item);
  }
  for (const node of all.filter((n) => n.level === 'O')) {
    const prf = node.segments.find((s) => s.id === 'PRF');
    const order: AsnOrder = { hl: node.hl, packs: [], items: [], quantities: {}, node };
    if (prf?.elements[1]) order.purchaseOrder = prf.elements[1];
    collect(node, order, items, undefined);
    tree.orders.push(order);
  }
  return tree;
}

function collect(node: AsnNode, order: AsnOrder, items: ReadonlyMap<AsnNode, AsnItem>, tare: string | undefined): void {
  for (const child of node.children) {
    if (child.level === 'P') {
      const pack: AsnPack = { hl: child.hl, marks: marksOf(child), items: [], node: child };
      if (tare) pack.tare = tare;
      for (const grandchild of descendants(child)) {
        const item = items.get(grandchild);
        if (item) {
          pack.items.push(item);
          add(order.quantities, item);
        }
      }
      order.packs.push(pack);
    } else if (child.level === 'T') {
      collect(child, order, items, child.hl);
    } else if (child.level === 'I') {
      const item = items.get(child);
      if (item) {
        order.items.push(item);
        add(order.quantities, item);
      }
    }
  }
}

function descendants(node: AsnNode): AsnNode[] {
  return node.children.flatMap((c) => [c, ...descendants(c)]);
}

function toItem(node: AsnNode): AsnItem {
  const lin = node.segments.find((s) => s.id === 'LIN');
  const sn1s = node.segments.filter((s) => s.id === 'SN1');
  const productIds: Record<string, string> = {};
  if (lin) {
    for (let i = 2; i + 1 < lin.elements.length; i += 2) {
      const qualifier = lin.elements[i];
      const id = lin.elements[i + 1];
      if (qualifier && id && !(qualifier in productIds)) productIds[qualifier] = id;
    }
  }
  const item: AsnItem = {
    hl: node.hl,
    productIds,
    quantity: sn1s.reduce((sum, s) => sum + (Number(s.elements[2]) || 0), 0),
    node,
  };
  if (lin?.elements[1]) item.lineNumber = lin.elements[1];
  if (lin?.elements[3]) item.productId = lin.elements[3];
  const unit = sn1s[0]?.elements[3];
  if (unit) item.unit = unit;
  return item;
}

function marksOf(node: AsnNode): string[] {
  return node.segments.filter((s) => s.id === 'MAN' && s.elements[2]).map((s) => s.elements[2]!);
}

function add(totals: Record<string, number>, item: AsnItem): void {
  const key = item.productId ?? `HL ${item.hl}`;
  totals[key] = (totals[key] ?? 0) + item.quantity;
}
