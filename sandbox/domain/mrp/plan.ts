import { addDays } from './dates.js';
import { lotSize, type LotRule } from './lot-sizing.js';
import type { Defects } from '../defects.js';

/** One item as MRP sees it: planning parameters and stock summed over warehouses. */
export interface MrpItem extends LotRule {
  sku: string;
  kind: string;
  leadTimeDays: number;
  safetyStock: number;
  supplier: string | null;
  onHand: number;
  allocated: number;
}

export interface BomLine {
  parent: string;
  component: string;
  qtyPer: number;
}

/** A dated quantity of one item: demand or supply. */
export interface DatedQty {
  sku: string;
  date: string;
  qty: number;
}

export interface MrpInput {
  today: string;
  horizonDays: number;
  items: MrpItem[];
  bom: BomLine[];
  /** Independent demand: open, unallocated sales order quantities. */
  demand: DatedQty[];
  /** Open purchase order lines, dated at their promised (else need-by) date. */
  purchaseReceipts: DatedQty[];
  /** Open production orders, dated at their due date; they also need their components. */
  productionOrders: DatedQty[];
}

export interface PlannedOrder {
  seq: number;
  sku: string;
  kind: 'purchase' | 'production';
  qty: number;
  releaseDate: string;
  dueDate: string;
  supplier: string | null;
  level: number;
  /** The lead-time offset put the release before today: released today, late unless expedited. */
  expedite: boolean;
}

export interface ItemPeriod {
  date: string;
  gross: number;
  receipts: number;
  net: number;
  planned: number;
  available: number;
}

export interface ItemRecord {
  sku: string;
  level: number;
  kind: 'purchase' | 'production';
  onHand: number;
  allocated: number;
  safetyStock: number;
  leadTimeDays: number;
  lotPolicy: string;
  gross: number;
  scheduledReceipts: number;
  net: number;
  planned: number;
  /** Projected available at the end of the horizon (on hand − allocated + receipts + planned − gross). */
  projectedAvailable: number;
  periods: ItemPeriod[];
}

export interface MrpPlan {
  plannedOrders: PlannedOrder[];
  items: ItemRecord[];
}

/** A planning problem in the master data (a BOM cycle): the run fails with this message. */
export class MrpError extends Error {}

const bySkuOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Low-level code of every item: the deepest level it appears on in any BOM
 * (end items 0). An item is planned only after all its parents, so its gross
 * requirements are complete when it is netted.
 */
export function lowLevelCodes(skus: readonly string[], bom: readonly BomLine[]): Map<string, number> {
  const known = new Set(skus);
  const edges = bom.filter((b) => known.has(b.parent) && known.has(b.component));
  const parentsLeft = new Map<string, number>(skus.map((sku) => [sku, 0]));
  for (const e of edges) parentsLeft.set(e.component, parentsLeft.get(e.component)! + 1);
  const levels = new Map<string, number>(skus.map((sku) => [sku, 0]));
  const ready = [...skus].filter((sku) => parentsLeft.get(sku) === 0).sort();
  let done = 0;
  while (ready.length > 0) {
    const sku = ready.shift()!;
    done++;
    for (const e of edges) {
      if (e.parent !== sku) continue;
      levels.set(e.component, Math.max(levels.get(e.component)!, levels.get(sku)! + 1));
      const left = parentsLeft.get(e.component)! - 1;
      parentsLeft.set(e.component, left);
      if (left === 0) ready.push(e.component);
    }
  }
  if (done < skus.length) {
    // Left: the cycles and what hangs below them; prune items with no component left to name only the cycles.
    const left = new Set([...parentsLeft].filter(([, n]) => n > 0).map(([sku]) => sku));
    for (let pruned = true; pruned;) {
      pruned = false;
      for (const sku of left)
        if (!edges.some((e) => e.parent === sku && left.has(e.component))) pruned = left.delete(sku) || pruned;
    }
    throw new MrpError(`the bills of materials have a cycle through ${[...left].sort().join(', ')}`);
  }
  return levels;
}

/**
 * Material requirements planning, level by level. Pure and deterministic:
 * the same input always gives the same plan (items in low-level code then
 * SKU order, dates as `YYYY-MM-DD` calendar days).
 *
 * For each item: start from on hand − allocated; walk the dates that have
 * gross requirements or scheduled receipts (and today); at each date add the
 * receipts, take the gross requirements, and when the projected available
 * falls below safety stock plan an order for the shortfall (lot-sized), due
 * that date and released lead-time days earlier (today at the earliest, then
 * flagged `expedite`). A planned production order needs its components
 * (qty × qty per) on its release date; so does an open production order
 * (due date − lead time).
 */
export function planMrp(input: MrpInput, defects?: Pick<Defects, 'has'>): MrpPlan {
  // The defect: netting plans only what takes projected available below zero, so safety stock is never restored.
  const safetyOf = (item: MrpItem) => (defects?.has('mrp-ignores-safety-stock') ? 0 : item.safetyStock);
  const { today } = input;
  const horizonEnd = addDays(today, input.horizonDays);
  const items = [...input.items].sort((a, b) => bySkuOrder(a.sku, b.sku));
  const bySku = new Map(items.map((i) => [i.sku, i]));
  const levels = lowLevelCodes(
    items.map((i) => i.sku),
    input.bom,
  );
  const components = new Map<string, BomLine[]>();
  for (const line of [...input.bom].sort((a, b) => bySkuOrder(a.component, b.component))) {
    if (!bySku.has(line.parent) || !bySku.has(line.component)) continue;
    components.set(line.parent, [...(components.get(line.parent) ?? []), line]);
  }
  const isProduction = (item: MrpItem) => item.kind === 'assembly' || components.has(item.sku);

  // Dated quantities per SKU; before today counts as today, after the horizon is left out.
  const gross = new Map<string, Map<string, number>>();
  const receipts = new Map<string, Map<string, number>>();
  const add = (into: Map<string, Map<string, number>>, sku: string, date: string, qty: number) => {
    if (qty <= 0 || !bySku.has(sku)) return;
    const day = date < today ? today : date;
    if (day > horizonEnd) return;
    const dates = into.get(sku) ?? new Map<string, number>();
    dates.set(day, (dates.get(day) ?? 0) + qty);
    into.set(sku, dates);
  };
  const explode = (parent: string, qty: number, date: string) => {
    for (const line of components.get(parent) ?? []) add(gross, line.component, date, qty * line.qtyPer);
  };
  for (const d of input.demand) add(gross, d.sku, d.date, d.qty);
  for (const r of input.purchaseReceipts) add(receipts, r.sku, r.date, r.qty);
  for (const p of input.productionOrders) {
    add(receipts, p.sku, p.date, p.qty);
    const start = addDays(p.date, -(bySku.get(p.sku)?.leadTimeDays ?? 0));
    if (p.date <= horizonEnd) explode(p.sku, p.qty, start < today ? today : start);
  }

  const order = [...items].sort((a, b) => levels.get(a.sku)! - levels.get(b.sku)! || bySkuOrder(a.sku, b.sku));
  const planned: Array<Omit<PlannedOrder, 'seq'>> = [];
  const records: ItemRecord[] = [];
  for (const item of order) {
    const level = levels.get(item.sku)!;
    const kind = isProduction(item) ? 'production' : 'purchase';
    const needs = gross.get(item.sku) ?? new Map<string, number>();
    const supply = receipts.get(item.sku) ?? new Map<string, number>();
    const dates = [...new Set([today, ...needs.keys(), ...supply.keys()])].sort();
    let available = item.onHand - item.allocated;
    const record: ItemRecord = {
      sku: item.sku,
      level,
      kind,
      onHand: item.onHand,
      allocated: item.allocated,
      safetyStock: item.safetyStock,
      leadTimeDays: item.leadTimeDays,
      lotPolicy: item.lotPolicy,
      gross: 0,
      scheduledReceipts: 0,
      net: 0,
      planned: 0,
      projectedAvailable: 0,
      periods: [],
    };
    for (const date of dates) {
      const g = needs.get(date) ?? 0;
      const r = supply.get(date) ?? 0;
      available += r - g;
      const net = available < safetyOf(item) ? safetyOf(item) - available : 0;
      const qty = lotSize(item, net);
      if (qty > 0) {
        const computedRelease = addDays(date, -item.leadTimeDays);
        const expedite = computedRelease < today;
        const releaseDate = expedite ? today : computedRelease;
        planned.push({
          sku: item.sku,
          kind,
          qty,
          releaseDate,
          dueDate: date,
          supplier: kind === 'purchase' ? item.supplier : null,
          level,
          expedite,
        });
        if (kind === 'production') explode(item.sku, qty, releaseDate);
        available += qty;
      }
      record.gross += g;
      record.scheduledReceipts += r;
      record.net += net;
      record.planned += qty;
      if (g || r || qty) record.periods.push({ date, gross: g, receipts: r, net, planned: qty, available });
    }
    record.projectedAvailable = available;
    records.push(record);
  }
  return {
    plannedOrders: planned.map((p, i) => ({ seq: i + 1, ...p })),
    items: records,
  };
}
