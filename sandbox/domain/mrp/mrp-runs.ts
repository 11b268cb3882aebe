import { Type, type Static } from '../../../src/core/typebox.js';
import type { Db } from '../../db/database.js';
import { ApiError, validationError } from '../../http/api-error.js';
import { validateBody } from '../../http/validate-body.js';
import { JobFailure, type JobQueue } from '../../jobs/job-queue.js';
import type { Defects } from '../defects.js';
import { nextNumber, nowIso, type TenantContext } from '../tenant-context.js';
import { addDays, isIsoDate, todayUtc } from './dates.js';
import { MrpError, planMrp, type ItemRecord, type MrpInput, type MrpItem, type PlannedOrder } from './plan.js';
import { CLOSED_PO_STATUSES, CLOSED_PRODUCTION_STATUSES, insertPurchaseOrder } from './purchase-orders.js';

export const DEFAULT_HORIZON_DAYS = 90;

export const StartMrpRunSchema = Type.Object(
  {
    today: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'planning date; default today (UTC)' }),
    ),
    horizonDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
    releasePurchaseOrders: Type.Optional(Type.Boolean()),
    releaseProductionOrders: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type StartMrpRun = Static<typeof StartMrpRunSchema>;

interface RunOptions {
  horizonDays: number;
  releasePurchaseOrders: boolean;
  releaseProductionOrders: boolean;
}
interface RunRow {
  id: number;
  tenant_id: string;
  status: string;
  today: string;
  options: string;
  summary: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}
interface Summary {
  plannedOrders: number;
  purchaseOrders: number;
  productionOrders: number;
  expedited: number;
  items: number;
  releasedPurchaseOrders: string[];
  releasedProductionOrders: string[];
  /** Planned purchase orders not released because the item has no supplier. */
  unreleased: number;
  /** Production order number per planned order seq (when released). */
  productionOrderBySeq?: Record<string, string>;
}

const placeholders = (values: readonly string[]) => values.map(() => '?').join(', ');

/** Everything the planner needs from the tenant's data, read in one go. */
export function loadMrpInput(
  db: Db,
  tenantId: string,
  today: string,
  horizonDays: number,
  defects?: Defects,
): MrpInput {
  // The defect: a purchased item's lead time comes from its supplier's master record, not the item's own.
  const leadTime = defects?.has('mrp-supplier-lead-time')
    ? 'COALESCE((SELECT sup.lead_time_days FROM suppliers sup WHERE sup.tenant_id = i.tenant_id AND sup.code = i.supplier_code), i.lead_time_days)'
    : 'i.lead_time_days';
  const items = db.all<MrpItem>(
    `SELECT i.sku, i.kind, ${leadTime} AS leadTimeDays, i.safety_stock AS safetyStock, i.lot_policy AS lotPolicy,
       i.lot_qty AS lotQty, i.lot_min AS lotMin, i.lot_multiple AS lotMultiple, i.supplier_code AS supplier,
       COALESCE(SUM(s.on_hand), 0) AS onHand, COALESCE(SUM(s.allocated), 0) AS allocated
     FROM items i LEFT JOIN stock s ON s.tenant_id = i.tenant_id AND s.sku = i.sku
     WHERE i.tenant_id = ? GROUP BY i.sku ORDER BY i.sku`,
    [tenantId],
  );
  const bom = db.all<{ parent: string; component: string; qtyPer: number }>(
    `SELECT parent_sku AS parent, component_sku AS component, qty_per AS qtyPer FROM bom_lines WHERE tenant_id = ?
     ORDER BY parent_sku, component_sku`,
    [tenantId],
  );
  const dated = (date: string | null) => (date && isIsoDate(date) ? date : today);
  // The defect: open quantity is ordered − shipped, so allocated units are demand as well as reserved stock.
  const open = defects?.has('mrp-allocated-counted-twice')
    ? 'l.qty - l.qty_shipped'
    : 'l.qty - l.qty_shipped - l.qty_allocated';
  const demand = db
    .all<{ sku: string; qty: number; date: string | null }>(
      `SELECT l.sku, ${open} AS qty, o.requested_date AS date
       FROM order_lines l JOIN sales_orders o ON o.id = l.order_id
       WHERE o.tenant_id = ? AND o.status IN ('open', 'allocated', 'backordered') AND ${open} > 0
       ORDER BY o.id, l.line_no`,
      [tenantId],
    )
    .map((d) => ({ sku: d.sku, qty: d.qty, date: dated(d.date) }));
  const purchaseReceipts = db
    .all<{ sku: string; qty: number; date: string | null }>(
      `SELECT l.sku, l.qty - l.received_qty AS qty, COALESCE(l.promised_date, l.need_by) AS date
       FROM po_lines l JOIN purchase_orders p ON p.id = l.po_id
       WHERE p.tenant_id = ? AND p.status NOT IN (${placeholders(CLOSED_PO_STATUSES)}) AND l.qty > l.received_qty
       ORDER BY p.id, l.line_no`,
      [tenantId, ...CLOSED_PO_STATUSES],
    )
    .map((r) => ({ sku: r.sku, qty: r.qty, date: dated(r.date) }));
  const productionOrders = db
    .all<{ sku: string; qty: number; date: string }>(
      `SELECT sku, qty, due_date AS date FROM production_orders
       WHERE tenant_id = ? AND status NOT IN (${placeholders(CLOSED_PRODUCTION_STATUSES)}) ORDER BY id`,
      [tenantId, ...CLOSED_PRODUCTION_STATUSES],
    )
    .map((p) => ({ sku: p.sku, qty: p.qty, date: dated(p.date) }));
  return { today, horizonDays, items, bom, demand, purchaseReceipts, productionOrders };
}

/** Checks a `POST /api/v1/mrp-runs` body: one field error per problem, an impossible date (`2030-02-30`) included. */
export function parseStartMrpRun(body: unknown): StartMrpRun {
  const today = (body as { today?: unknown } | null)?.today;
  const badDate =
    typeof today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(today) && !isIsoDate(today)
      ? [{ path: 'today', message: 'must be a calendar date (YYYY-MM-DD)' }]
      : [];
  let input: StartMrpRun;
  try {
    input = validateBody(StartMrpRunSchema, body, 'the MRP run');
  } catch (error) {
    if (badDate.length && error instanceof ApiError && error.fields)
      throw validationError([...error.fields, ...badDate], 'the MRP run');
    throw error;
  }
  if (badDate.length) throw validationError(badDate, 'the MRP run');
  return input;
}

/** `POST /api/v1/mrp-runs`: stores a queued run and the `mrp.run` job that will execute it. */
export function startMrpRun(ctx: TenantContext, input: StartMrpRun): { id: number; status: string } {
  const today = input.today ?? todayUtc();
  const options: RunOptions = {
    horizonDays: input.horizonDays ?? DEFAULT_HORIZON_DAYS,
    releasePurchaseOrders: input.releasePurchaseOrders ?? true,
    releaseProductionOrders: input.releaseProductionOrders ?? false,
  };
  return ctx.db.transaction(() => {
    const { lastId } = ctx.db.run(
      `INSERT INTO mrp_runs (tenant_id, status, today, options, created_at) VALUES (?, 'queued', ?, ?, ?)`,
      [ctx.tenantId, today, JSON.stringify(options), nowIso()],
    );
    ctx.jobs.enqueue(ctx.tenantId, 'mrp.run', String(lastId), { run: lastId });
    return { id: lastId, status: 'queued' };
  });
}

/**
 * Plans a run and stores its planned orders and item records; with the
 * release options, planned purchase orders become purchase orders (one per
 * supplier, sent by `supplier.po` jobs) and planned production orders become
 * production orders. One transaction: a run is stored whole or not at all.
 */
function executeMrpRun(ctx: TenantContext, run: RunRow): Summary {
  const { db, tenantId } = ctx;
  const options = JSON.parse(run.options) as RunOptions;
  const plan = planMrp(loadMrpInput(db, tenantId, run.today, options.horizonDays, ctx.defects), ctx.defects);
  return db.transaction(() => {
    db.run('DELETE FROM mrp_planned_orders WHERE run_id = ?', [run.id]);
    db.run('DELETE FROM mrp_item_records WHERE run_id = ?', [run.id]);
    for (const p of plan.plannedOrders)
      db.run(
        `INSERT INTO mrp_planned_orders (run_id, seq, sku, kind, qty, release_date, due_date, supplier_code, level, expedite)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [run.id, p.seq, p.sku, p.kind, p.qty, p.releaseDate, p.dueDate, p.supplier, p.level, p.expedite],
      );
    for (const { sku, level, ...data } of plan.items)
      db.run('INSERT INTO mrp_item_records (run_id, sku, level, data) VALUES (?, ?, ?, ?)', [
        run.id,
        sku,
        level,
        JSON.stringify(data),
      ]);
    const purchases = plan.plannedOrders.filter((p) => p.kind === 'purchase');
    const summary: Summary = {
      plannedOrders: plan.plannedOrders.length,
      purchaseOrders: purchases.length,
      productionOrders: plan.plannedOrders.length - purchases.length,
      expedited: plan.plannedOrders.filter((p) => p.expedite).length,
      items: plan.items.length,
      releasedPurchaseOrders: [],
      releasedProductionOrders: [],
      unreleased: 0,
    };
    if (options.releasePurchaseOrders) {
      const bySupplier = new Map<string, PlannedOrder[]>();
      for (const p of purchases) {
        if (!p.supplier) {
          summary.unreleased++;
          continue;
        }
        bySupplier.set(p.supplier, [...(bySupplier.get(p.supplier) ?? []), p]);
      }
      for (const supplier of [...bySupplier.keys()].sort()) {
        const lines = bySupplier.get(supplier)!;
        const po = insertPurchaseOrder(ctx, {
          supplier,
          source: 'mrp',
          runId: run.id,
          lines: lines.map((p) => ({ sku: p.sku, qty: p.qty, needBy: p.dueDate })),
        });
        for (const p of lines)
          db.run('UPDATE mrp_planned_orders SET po_id = ? WHERE run_id = ? AND seq = ?', [po.id, run.id, p.seq]);
        summary.releasedPurchaseOrders.push(po.number);
      }
    }
    if (options.releaseProductionOrders) {
      summary.productionOrderBySeq = {};
      for (const p of plan.plannedOrders.filter((o) => o.kind === 'production')) {
        const number = nextNumber(db, tenantId, 'MO');
        db.run(
          `INSERT INTO production_orders (tenant_id, number, sku, qty, due_date, status, source)
           VALUES (?, ?, ?, ?, ?, 'released', 'mrp')`,
          [tenantId, number, p.sku, p.qty, p.dueDate],
        );
        summary.productionOrderBySeq[String(p.seq)] = number;
        summary.releasedProductionOrders.push(number);
      }
    }
    db.run("UPDATE mrp_runs SET status = 'completed', summary = ?, error = NULL, finished_at = ? WHERE id = ?", [
      JSON.stringify(summary),
      nowIso(),
      run.id,
    ]);
    return summary;
  });
}

/** Registers the `mrp.run` job: a run survives a restart because its job does. */
export function registerMrpJobs(deps: { db: Db; jobs: JobQueue; defects: Defects }): void {
  deps.jobs.register('mrp.run', async ({ tenantId, payload }) => {
    const ctx: TenantContext = { ...deps, tenantId };
    const id = (payload as { run: number }).run;
    const run = deps.db.get<RunRow>('SELECT * FROM mrp_runs WHERE tenant_id = ? AND id = ?', [tenantId, id]);
    if (!run) throw new JobFailure(`MRP run ${id} is gone`, false);
    if (run.status === 'completed' || run.status === 'failed') return { status: run.status };
    deps.db.run("UPDATE mrp_runs SET status = 'running', started_at = ? WHERE id = ?", [nowIso(), id]);
    try {
      const summary = executeMrpRun(ctx, run);
      return { status: 'completed', plannedOrders: summary.plannedOrders };
    } catch (error) {
      const message = error instanceof MrpError ? error.message : `internal error: ${(error as Error).message}`;
      deps.db.run("UPDATE mrp_runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?", [
        message,
        nowIso(),
        id,
      ]);
      throw new JobFailure(`MRP run ${id} failed: ${message}`, false);
    }
  });
}

function presentRun<Details extends object = Record<never, never>>(run: RunRow, details?: Details) {
  const options = JSON.parse(run.options) as RunOptions;
  const summary = run.summary ? (JSON.parse(run.summary) as Summary) : null;
  if (summary) delete summary.productionOrderBySeq;
  return {
    id: run.id,
    status: run.status,
    today: run.today,
    horizonDays: options.horizonDays,
    horizonEnd: addDays(run.today, options.horizonDays),
    releasePurchaseOrders: options.releasePurchaseOrders,
    releaseProductionOrders: options.releaseProductionOrders,
    summary,
    error: run.error,
    createdAt: run.created_at,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    ...(details as Details),
  };
}

/** `GET /api/v1/mrp-runs/:id`: the run with its planned orders and per-item records; undefined for another tenant's. */
export function getMrpRun(ctx: TenantContext, id: string) {
  if (!/^\d{1,15}$/.test(id)) return undefined;
  const run = ctx.db.get<RunRow>('SELECT * FROM mrp_runs WHERE tenant_id = ? AND id = ?', [ctx.tenantId, Number(id)]);
  if (!run) return undefined;
  const bySeq = run.summary ? ((JSON.parse(run.summary) as Summary).productionOrderBySeq ?? {}) : {};
  const plannedOrders = ctx.db
    .all<{
      seq: number;
      sku: string;
      kind: string;
      qty: number;
      release_date: string;
      due_date: string;
      supplier_code: string | null;
      level: number;
      expedite: number;
      po_number: string | null;
    }>(
      `SELECT m.*, p.number AS po_number FROM mrp_planned_orders m LEFT JOIN purchase_orders p ON p.id = m.po_id
       WHERE m.run_id = ? ORDER BY m.seq`,
      [run.id],
    )
    .map((p) => ({
      seq: p.seq,
      sku: p.sku,
      kind: p.kind,
      qty: p.qty,
      releaseDate: p.release_date,
      dueDate: p.due_date,
      supplier: p.supplier_code,
      level: p.level,
      expedite: p.expedite === 1,
      purchaseOrder: p.po_number,
      productionOrder: bySeq[String(p.seq)] ?? null,
    }));
  const items = ctx.db
    .all<{ sku: string; level: number; data: string }>(
      'SELECT sku, level, data FROM mrp_item_records WHERE run_id = ?',
      [run.id],
    )
    .map((r) => ({ sku: r.sku, level: r.level, ...(JSON.parse(r.data) as Omit<ItemRecord, 'sku' | 'level'>) }))
    .sort((a, b) => a.level - b.level || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  return presentRun(run, { plannedOrders, items });
}

/** `GET /api/v1/mrp-runs`: the tenant's runs, newest first, without their details. */
export function listMrpRuns(ctx: TenantContext, filter: { status?: string }) {
  return ctx.db
    .all<RunRow>(
      'SELECT * FROM mrp_runs WHERE tenant_id = ? AND (? IS NULL OR status = ?) ORDER BY id DESC LIMIT 200',
      [ctx.tenantId, filter.status ?? null, filter.status ?? null],
    )
    .map((run) => presentRun(run));
}
