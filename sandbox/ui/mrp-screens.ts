import { getMrpRun, listMrpRuns, parseStartMrpRun, startMrpRun } from '../domain/mrp/mrp-runs.js';
import { getPurchaseOrder, listProductionOrders, listPurchaseOrders } from '../domain/mrp/purchase-orders.js';
import { ApiError, notFound } from '../http/api-error.js';
import type { Reply } from '../http/router.js';
import { html, path, qty, when } from './html.js';
import {
  badge,
  csrfField,
  dataTable,
  emptyRow,
  errorSummary,
  fact,
  fieldError,
  invalidAttrs,
  num,
  page,
  statusFilter,
  type FieldProblem,
} from './layout.js';
import { seeOther, type AddScreen, type ScreenContext } from './screen.js';

interface RunValues {
  today: string;
  horizonDays: string;
  releasePurchaseOrders: boolean;
  releaseProductionOrders: boolean;
}

const RUN_FIELDS: Record<string, { field: string; label: string }> = {
  today: { field: 'today', label: 'Planning date' },
  horizonDays: { field: 'horizonDays', label: 'Planning horizon' },
};

const poLink = (number: string | null | undefined) =>
  number ? html`<a href="${path('/purchase-orders', number)}">${number}</a>` : '—';
const runLink = (id: number | null | undefined) =>
  id === null || id === undefined ? '—' : html`<a href="${path('/mrp', id)}">Run ${id}</a>`;

// ---------------------------------------------------------------------------------------------- runs

function runsPage(ui: ScreenContext, values: RunValues, problems: FieldProblem[] = [], status = 200): Reply {
  const error = (field: string) => problems.find((p) => p.field === field)?.message;
  const runs = listMrpRuns(ui.tenant, {});
  const rows = runs.map(
    (r) =>
      html`<tr>
        <th scope="row">${runLink(r.id)}</th>
        <td>${r.today}</td>
        <td>${r.horizonEnd} (${r.horizonDays} days)</td>
        <td>${badge(r.status)}</td>
        <td class="num">${r.summary ? qty(r.summary.plannedOrders) : '—'}</td>
        <td>
          ${r.summary?.releasedPurchaseOrders.length ? r.summary.releasedPurchaseOrders.map((n) => html`${poLink(n)} `) : '—'}
        </td>
        <td class="num">${r.summary ? qty(r.summary.releasedProductionOrders.length) : '—'}</td>
        <td>${when(r.finishedAt ?? r.createdAt)}</td>
      </tr>`,
  );
  return page(ui.session, {
    title: 'MRP runs',
    active: 'mrp',
    status,
    body: html`${errorSummary(problems)}
      <form method="post" action="/mrp" class="panel" novalidate aria-labelledby="start-heading">
        <h2 id="start-heading">Start an MRP run</h2>
        ${csrfField(ui.session)}
        <div class="grid">
          <div class="field">
            <label for="today">Planning date</label>
            <input
              id="today"
              name="today"
              type="date"
              value="${values.today}"
              ${invalidAttrs('today', error('today'))}
            />
            ${fieldError('today', error('today'))}
          </div>
          <div class="field">
            <label for="horizonDays">Planning horizon (days)</label>
            <input
              id="horizonDays"
              name="horizonDays"
              type="number"
              inputmode="numeric"
              min="1"
              max="730"
              step="1"
              value="${values.horizonDays}"
              ${invalidAttrs('horizonDays', error('horizonDays'))}
            />
            ${fieldError('horizonDays', error('horizonDays'))}
          </div>
        </div>
        <div class="field check">
          <input
            id="releasePurchaseOrders"
            name="releasePurchaseOrders"
            type="checkbox"
            value="1"
            ${values.releasePurchaseOrders ? html` checked` : ''}
          /><label for="releasePurchaseOrders">Release purchase orders to suppliers</label>
        </div>
        <div class="field check">
          <input
            id="releaseProductionOrders"
            name="releaseProductionOrders"
            type="checkbox"
            value="1"
            ${values.releaseProductionOrders ? html` checked` : ''}
          /><label for="releaseProductionOrders">Release production orders</label>
        </div>
        <button type="submit">Start MRP run</button>
      </form>
      <h2>Runs</h2>
      ${dataTable({
        caption: html`MRP runs, newest first (${runs.length})`,
        columns: [
          'Run',
          'Planning date',
          'Horizon',
          'Status',
          num('Planned orders'),
          'Purchase orders',
          num('Production orders'),
          'Finished',
        ],
        rows,
        empty: 'No MRP runs yet.',
      })}`,
  });
}

function startRun(ui: ScreenContext): Reply {
  const values: RunValues = {
    today: (ui.form.get('today') ?? '').trim(),
    horizonDays: (ui.form.get('horizonDays') ?? '').trim(),
    releasePurchaseOrders: ui.form.has('releasePurchaseOrders'),
    releaseProductionOrders: ui.form.has('releaseProductionOrders'),
  };
  const problems: FieldProblem[] = [];
  if (values.horizonDays && !/^\d+$/.test(values.horizonDays))
    problems.push({
      field: 'horizonDays',
      label: 'Planning horizon',
      message: 'Enter a whole number of days from 1 to 730.',
    });
  if (problems.length) return runsPage(ui, values, problems, 422);
  try {
    const input = parseStartMrpRun({
      ...(values.today ? { today: values.today } : {}),
      ...(values.horizonDays ? { horizonDays: Number(values.horizonDays) } : {}),
      releasePurchaseOrders: values.releasePurchaseOrders,
      releaseProductionOrders: values.releaseProductionOrders,
    });
    const run = startMrpRun(ui.tenant, input);
    return seeOther(path('/mrp', run.id));
  } catch (error) {
    if (!(error instanceof ApiError) || !error.fields) throw error;
    const mapped = error.fields.map((f): FieldProblem => {
      const known = RUN_FIELDS[f.path] ?? { field: 'today', label: f.path || 'Run' };
      const message =
        known.field === 'horizonDays'
          ? 'Enter a whole number of days from 1 to 730.'
          : 'Enter a calendar date as YYYY-MM-DD.';
      return { ...known, message: RUN_FIELDS[f.path] ? message : `${f.message}.` };
    });
    return runsPage(ui, values, mapped, 422);
  }
}

function runDetail(ui: ScreenContext, id: string): Reply {
  const run = getMrpRun(ui.tenant, id);
  if (!run) throw notFound(`MRP run ${id}`);
  const pending = run.status === 'queued' || run.status === 'running';
  const plannedOrders = run.plannedOrders ?? [];
  const planned = plannedOrders.map(
    (p) =>
      html`<tr>
        <th scope="row">${p.seq}</th>
        <td>${p.sku}</td>
        <td>${p.kind}</td>
        <td class="num">${qty(p.qty)}</td>
        <td>${p.releaseDate}</td>
        <td>${p.dueDate}</td>
        <td>${p.supplier ?? '—'}</td>
        <td class="num">${p.level}</td>
        <td>${p.expedite ? html`<span class="badge bad">expedite</span>` : '—'}</td>
        <td>${p.purchaseOrder ? poLink(p.purchaseOrder) : (p.productionOrder ?? '—')}</td>
      </tr>`,
  );
  const items = (run.items ?? []).map(
    (i) =>
      html`<tr>
        <th scope="row">${i.sku}</th>
        <td class="num">${i.level}</td>
        <td>${i.lotPolicy}</td>
        <td class="num">${qty(i.onHand)}</td>
        <td class="num">${qty(i.allocated)}</td>
        <td class="num">${qty(i.safetyStock)}</td>
        <td class="num">${qty(i.gross)}</td>
        <td class="num">${qty(i.scheduledReceipts)}</td>
        <td class="num">${qty(i.net)}</td>
        <td class="num">${qty(i.planned)}</td>
        <td class="num">${qty(i.projectedAvailable)}</td>
      </tr>`,
  );
  return page(ui.session, {
    title: `MRP run ${run.id}`,
    active: 'mrp',
    headActions: html`<a href="${path('/mrp', run.id)}">Reload</a>`,
    body: html`${pending ? html`<p class="muted" role="status">The run is ${run.status}. Reload the page to see the plan.</p>` : ''}
      ${
        run.status === 'failed'
          ? html`<div class="alert" role="alert">
              <h2>The run failed</h2>
              <p>${run.error}</p>
            </div>`
          : ''
      }
      <section class="panel" aria-label="Run summary">
        <dl class="facts">
          ${fact('Status', badge(run.status))} ${fact('Planning date', run.today)}
          ${fact('Horizon', `${run.horizonDays} days, to ${run.horizonEnd}`)}
          ${fact('Releases', [run.releasePurchaseOrders ? 'purchase orders' : '', run.releaseProductionOrders ? 'production orders' : ''].filter(Boolean).join(', ') || 'nothing (plan only)')}
          ${fact('Planned orders', run.summary ? qty(run.summary.plannedOrders) : null)}
          ${fact('Expedited', run.summary ? qty(run.summary.expedited) : null)}
          ${fact('Purchase orders', run.summary?.releasedPurchaseOrders.length ? run.summary.releasedPurchaseOrders.map((n) => html`${poLink(n)} `) : null)}
          ${fact('Unreleased purchases', run.summary ? qty(run.summary.unreleased) : null)}
          ${fact('Finished', when(run.finishedAt))}
        </dl>
      </section>
      <h2>Planned orders</h2>
      ${dataTable({
        caption: html`Planned orders of run ${run.id} (${plannedOrders.length})`,
        columns: [
          '#',
          'Item',
          'Kind',
          num('Quantity'),
          'Release',
          'Due',
          'Supplier',
          num('Level'),
          'Expedite',
          'Order',
        ],
        rows: planned,
        empty: pending ? 'Not planned yet.' : 'Nothing to order: supply covers demand.',
      })}
      <h2>Items</h2>
      ${dataTable({
        caption: html`Net requirements by item, over the horizon`,
        columns: [
          'Item',
          num('Level'),
          'Lot policy',
          num('On hand'),
          num('Allocated'),
          num('Safety stock'),
          num('Gross'),
          num('Receipts'),
          num('Net'),
          num('Planned'),
          num('Projected available'),
        ],
        rows: items,
        empty: pending ? 'Not planned yet.' : 'No items.',
      })}`,
  });
}

// ---------------------------------------------------------------------------------------------- purchase & production orders

const PO_STATUSES = ['pending', 'confirmed', 'partially-backordered'];

function purchaseOrdersList(ui: ScreenContext): Reply {
  const status = ui.http.query.get('status') ?? '';
  const filter = PO_STATUSES.includes(status) ? status : undefined;
  const pos = listPurchaseOrders(ui.tenant, { status: filter }).reverse();
  const rows = pos.map(
    (po) =>
      html`<tr>
        <th scope="row">${poLink(po.number)}</th>
        <td>${po.supplier}</td>
        <td>${po.source === 'mrp' ? runLink(po.mrpRun) : po.source}</td>
        <td>${badge(po.status)}</td>
        <td class="num">${po.lines.length}</td>
        <td>${po.lines.map((l) => l.needBy).sort()[0] ?? '—'}</td>
        <td>${when(po.createdAt)}</td>
      </tr>`,
  );
  return page(ui.session, {
    title: 'Purchase orders',
    active: 'purchase-orders',
    body: html`${statusFilter('/purchase-orders', 'Filter purchase orders', PO_STATUSES, filter)}
    ${dataTable({
      caption: html`Purchase orders, newest first (${pos.length})`,
      columns: ['Purchase order', 'Supplier', 'Source', 'Status', num('Lines'), 'First need-by', 'Created'],
      rows,
      empty: 'No purchase orders.',
    })}`,
  });
}

function purchaseOrderDetail(ui: ScreenContext, number: string): Reply {
  const po = getPurchaseOrder(ui.tenant, number);
  if (!po) throw notFound(`purchase order ${number}`);
  const supplier = ui.tenant.db.get<{ name: string }>('SELECT name FROM suppliers WHERE tenant_id = ? AND code = ?', [
    ui.tenant.tenantId,
    po.supplier,
  ]);
  return page(ui.session, {
    title: `Purchase order ${po.number}`,
    active: 'purchase-orders',
    body: html`${po.status === 'pending' ? html`<p class="muted">Waiting for the supplier's confirmation.</p>` : ''}
      <section class="panel" aria-label="Purchase order summary">
        <dl class="facts">
          ${fact('Status', badge(po.status))} ${fact('Supplier', `${supplier?.name ?? po.supplier} (${po.supplier})`)}
          ${fact('Source', po.source)} ${fact('MRP run', runLink(po.mrpRun))}
          ${fact('Supplier confirmation', po.confirmationId)} ${fact('Created', when(po.createdAt))}
        </dl>
      </section>
      <h2>Lines</h2>
      ${dataTable({
        caption: html`Lines of ${po.number}`,
        columns: [
          'Line',
          'Item',
          num('Ordered'),
          'Need by',
          num('Confirmed'),
          num('Backordered'),
          'Promised',
          num('Received'),
        ],
        body: html`${po.lines.map(
          (l) =>
            html`<tr>
              <th scope="row">${l.line}</th>
              <td>${l.sku}</td>
              <td class="num">${qty(l.qty)}</td>
              <td>${l.needBy}</td>
              <td class="num">${qty(l.confirmedQty)}</td>
              <td class="num">${qty(l.backorderedQty)}</td>
              <td>${l.promisedDate ?? '—'}</td>
              <td class="num">${qty(l.receivedQty)}</td>
            </tr>`,
        )}`,
      })}`,
  });
}

function productionOrdersList(ui: ScreenContext): Reply {
  const orders = listProductionOrders(ui.tenant, {}).reverse();
  return page(ui.session, {
    title: 'Production orders',
    active: 'production-orders',
    body: dataTable({
      caption: html`Production orders, newest first (${orders.length})`,
      columns: ['Production order', 'Item', num('Quantity'), 'Due', 'Status', 'Source'],
      body: html`${
        orders.length
          ? orders.map(
              (o) =>
                html`<tr>
                  <th scope="row">${o.number}</th>
                  <td>${o.sku}</td>
                  <td class="num">${qty(o.qty)}</td>
                  <td>${o.dueDate}</td>
                  <td>${badge(o.status)}</td>
                  <td>${o.source}</td>
                </tr>`,
            )
          : emptyRow(6, 'No production orders: an MRP run with "Release production orders" creates them.')
      }`,
    }),
  });
}

/** MRP runs (start one, see its plan), purchase orders and production orders. */
export function registerMrpScreens(screen: AddScreen): void {
  screen('GET', '/mrp', (ui) =>
    runsPage(ui, {
      today: new Date().toISOString().slice(0, 10),
      horizonDays: '90',
      releasePurchaseOrders: true,
      releaseProductionOrders: false,
    }),
  );
  screen('POST', '/mrp', startRun);
  screen('GET', '/mrp/:id', (ui) => runDetail(ui, ui.http.params.id!));
  screen('GET', '/purchase-orders', purchaseOrdersList);
  screen('GET', '/purchase-orders/:number', (ui) => purchaseOrderDetail(ui, ui.http.params.number!));
  screen('GET', '/production-orders', productionOrdersList);
}
