import { listInvoices } from '../domain/invoices.js';
import { allocateOrder, cancelOrder, createOrder, getOrder, listOrders, type CreateOrder } from '../domain/orders.js';
import { listShipments, shipOrder } from '../domain/shipments.js';
import type { TenantContext } from '../domain/tenant-context.js';
import { ApiError } from '../http/api-error.js';
import type { Reply } from '../http/router.js';
import { html, money, path, qty, when, type SafeHtml } from './html.js';
import {
  alertBox,
  badge,
  csrfField,
  dataTable,
  errorSummary,
  fact,
  fieldError,
  invalidAttrs,
  notice,
  num,
  options,
  page,
  statusFilter,
  type FieldProblem,
  type Option,
} from './layout.js';
import { seeOther, type AddScreen, type ScreenContext } from './screen.js';

/** The order as `getOrder` presents it. */
interface OrderView {
  number: string;
  customer: string;
  status: string;
  poNumber: string | null;
  currency: string;
  shipTo: {
    name?: string;
    line1?: string;
    line2?: string;
    city?: string;
    region?: string;
    postalCode?: string;
    country?: string;
  };
  requestedDate: string | null;
  source: string;
  lines: Array<{
    line: number;
    sku: string;
    description: string;
    uom: string;
    qty: number;
    unitPrice: number;
    amount: number;
    qtyAllocated: number;
    qtyBackordered: number;
    qtyShipped: number;
  }>;
  allocations: Array<{ line: number; sku: string; warehouse: string; qty: number }>;
  subtotal: number;
  createdAt: string;
  updatedAt: string;
}

export const ORDER_STATUSES = ['open', 'allocated', 'backordered', 'shipped', 'cancelled'];
export const SHIPPING_SERVICES = ['GROUND', 'EXPRESS', 'OVERNIGHT'];
const LINE_ROWS = 3;

const ACTIONS: Record<string, { allowedFrom: string[]; failed: string }> = {
  allocate: { allowedFrom: ['open', 'backordered'], failed: 'The order could not be allocated' },
  ship: { allowedFrom: ['allocated', 'backordered'], failed: 'The order could not be shipped' },
  cancel: { allowedFrom: ['open', 'allocated', 'backordered'], failed: 'The order could not be cancelled' },
};

const DONE: Record<string, (order: OrderView) => string> = {
  created: (o) => `Order ${o.number} created.`,
  allocated: (o) =>
    o.status === 'backordered' ? 'Order allocated; some quantities are backordered.' : 'Order allocated.',
  shipped: () => 'Order shipped. The carrier label is being created; its tracking number appears on the shipment.',
  cancelled: () => 'Order cancelled; its reservations are released.',
};

function customerNames(t: TenantContext): Map<string, string> {
  const rows = t.db.all<{ code: string; name: string }>(
    'SELECT code, name FROM customers WHERE tenant_id = ? ORDER BY name, code',
    [t.tenantId],
  );
  return new Map(rows.map((r) => [r.code, r.name]));
}

function itemChoices(t: TenantContext): Option[] {
  return t.db
    .all<{ sku: string; name: string; unit_price: number }>(
      'SELECT sku, name, unit_price FROM items WHERE tenant_id = ? ORDER BY sku',
      [t.tenantId],
    )
    .map((i) => ({ value: i.sku, label: `${i.sku} — ${i.name}` }));
}

const address = (a: OrderView['shipTo']) =>
  [a.name, a.line1, a.line2, [a.city, a.region, a.postalCode].filter(Boolean).join(' '), a.country]
    .filter(Boolean)
    .join(', ');

// ---------------------------------------------------------------------------------------------- list

function ordersList(ui: ScreenContext): Reply {
  const status = ui.http.query.get('status') ?? '';
  const filter = ORDER_STATUSES.includes(status) ? status : undefined;
  const orders = listOrders(ui.tenant, { status: filter, limit: 200 }) as unknown as OrderView[];
  const names = customerNames(ui.tenant);
  const rows = orders.map(
    (o) =>
      html`<tr>
        <th scope="row"><a href="${path('/orders', o.number)}">${o.number}</a></th>
        <td>${names.get(o.customer) ?? o.customer}</td>
        <td>${o.poNumber ?? '—'}</td>
        <td>${badge(o.status)}</td>
        <td class="num">${o.lines.length}</td>
        <td class="num">${money(o.subtotal, o.currency)}</td>
        <td>${when(o.createdAt)}</td>
      </tr>`,
  );
  return page(ui.session, {
    title: 'Sales orders',
    active: 'orders',
    headActions: html`<a class="button" href="/orders/new">New order</a>`,
    body: html`${statusFilter('/orders', 'Filter orders', ORDER_STATUSES, filter)}
    ${dataTable({
      caption: html`${filter ? `Sales orders with status ${filter}` : 'Sales orders'} (${orders.length})`,
      columns: ['Order', 'Customer', 'Customer PO', 'Status', num('Lines'), num('Subtotal'), 'Created'],
      rows,
      empty: filter ? `No ${filter} orders.` : 'No orders yet.',
    })}`,
  });
}

// ---------------------------------------------------------------------------------------------- entry

interface EntryValues {
  customer: string;
  poNumber: string;
  requestedDate: string;
  lines: Array<{ sku: string; qty: string }>;
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function entryForm(ui: ScreenContext, values: EntryValues, problems: FieldProblem[] = [], status = 200): Reply {
  const error = (field: string) => problems.find((p) => p.field === field)?.message;
  const customers = [...customerNames(ui.tenant)].map(([code, name]) => ({ value: code, label: `${name} (${code})` }));
  const items = itemChoices(ui.tenant);
  const control = (id: string, label: string, input: SafeHtml, hint?: string) =>
    html`<div class="field">
      <label for="${id}">${label}</label>
      ${input} ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''} ${fieldError(id, error(id))}
    </div>`;
  const lineRows = values.lines.map((line, i) => {
    const n = i + 1;
    const skuId = `line${n}-sku`;
    const qtyId = `line${n}-qty`;
    return html`<tr>
      <th scope="row">${n}</th>
      <td>
        <label class="visually-hidden" for="${skuId}">Line ${n} item</label>
        <select id="${skuId}" name="sku${n}" ${invalidAttrs(skuId, error(skuId))}>
          ${options([{ value: '', label: 'Choose an item' }, ...items], line.sku)}
        </select>
        ${fieldError(skuId, error(skuId))}
      </td>
      <td>
        <label class="visually-hidden" for="${qtyId}">Line ${n} quantity</label>
        <input
          id="${qtyId}"
          name="qty${n}"
          type="number"
          inputmode="numeric"
          min="1"
          max="1000000"
          step="1"
          value="${line.qty}"
          ${invalidAttrs(qtyId, error(qtyId))}
        />
        ${fieldError(qtyId, error(qtyId))}
      </td>
    </tr>`;
  });
  return page(ui.session, {
    title: 'New sales order',
    active: 'new-order',
    status,
    body: html`${errorSummary(problems)}
      <form method="post" action="/orders/new" class="panel" novalidate>
        ${csrfField(ui.session)}
        <div class="grid">
          ${control(
            'customer',
            'Customer',
            html`<select id="customer" name="customer" required${invalidAttrs('customer', error('customer'))}>
              ${options([{ value: '', label: 'Choose a customer' }, ...customers], values.customer)}
            </select>`,
          )}
          ${control(
            'poNumber',
            'Customer PO number (optional)',
            html`<input
              id="poNumber"
              name="poNumber"
              maxlength="40"
              value="${values.poNumber}"
              ${invalidAttrs('poNumber', error('poNumber'))}
            />`,
          )}
          ${control(
            'requestedDate',
            'Requested date (optional)',
            html`<input
              id="requestedDate"
              name="requestedDate"
              type="date"
              value="${values.requestedDate}"
              ${invalidAttrs('requestedDate', error('requestedDate'), 'requestedDate-hint')}
            />`,
            'YYYY-MM-DD',
          )}
        </div>
        <table class="entry">
          <caption>
            Order lines (fill in at least one)
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Item</th>
              <th scope="col">Quantity</th>
            </tr>
          </thead>
          <tbody>
            ${lineRows}
          </tbody>
        </table>
        <div class="actions"><button type="submit">Create order</button><a href="/orders">Cancel</a></div>
      </form>`,
  });
}

function readEntry(form: URLSearchParams): EntryValues {
  return {
    customer: (form.get('customer') ?? '').trim(),
    poNumber: (form.get('poNumber') ?? '').trim(),
    requestedDate: (form.get('requestedDate') ?? '').trim(),
    lines: Array.from({ length: LINE_ROWS }, (_, i) => ({
      sku: (form.get(`sku${i + 1}`) ?? '').trim(),
      qty: (form.get(`qty${i + 1}`) ?? '').trim(),
    })),
  };
}

function submitEntry(ui: ScreenContext): Reply {
  const values = readEntry(ui.form);
  const problems: FieldProblem[] = [];
  if (!values.customer) problems.push({ field: 'customer', label: 'Customer', message: 'Choose a customer.' });
  if (values.poNumber.length > 40)
    problems.push({ field: 'poNumber', label: 'Customer PO number', message: 'Use at most 40 characters.' });
  if (values.requestedDate && !isCalendarDate(values.requestedDate))
    problems.push({ field: 'requestedDate', label: 'Requested date', message: 'Enter a date as YYYY-MM-DD.' });
  /** Row index (0-based) of each submitted line, for mapping the domain's `lines[i]` errors back. */
  const rowOf: number[] = [];
  const lines: CreateOrder['lines'] = [];
  values.lines.forEach((line, i) => {
    const n = i + 1;
    if (!line.sku && !line.qty) return;
    if (!line.sku)
      problems.push({ field: `line${n}-sku`, label: `Line ${n} item`, message: 'Choose an item for this quantity.' });
    const amount = Number(line.qty);
    if (!/^\d+$/.test(line.qty) || amount < 1 || amount > 1_000_000)
      problems.push({
        field: `line${n}-qty`,
        label: `Line ${n} quantity`,
        message: line.qty ? 'Enter a whole number from 1 to 1,000,000.' : 'Enter a quantity.',
      });
    else if (line.sku) {
      rowOf.push(i);
      lines.push({ sku: line.sku, qty: amount });
    }
  });
  if (problems.length === 0 && lines.length === 0)
    problems.push({
      field: 'line1-sku',
      label: 'Line 1 item',
      message: 'Add at least one line: an item and a quantity.',
    });
  if (problems.length) return entryForm(ui, values, problems, 422);
  try {
    const order = createOrder(
      ui.tenant,
      {
        customer: values.customer,
        lines,
        ...(values.poNumber ? { poNumber: values.poNumber } : {}),
        ...(values.requestedDate ? { requestedDate: values.requestedDate } : {}),
      },
      'ui',
    );
    return seeOther(`${path('/orders', String(order.number))}?done=created`);
  } catch (error) {
    if (!(error instanceof ApiError) || !error.fields) throw error;
    // References the form cannot prevent (an item deleted since the page was shown, a tampered form).
    const mapped = error.fields.map((f): FieldProblem => {
      const line = /^lines\[(\d+)\]\.(sku|qty)$/.exec(f.path);
      if (line) {
        const n = (rowOf[Number(line[1])] ?? 0) + 1;
        const which = line[2] === 'sku' ? 'item' : 'quantity';
        return { field: `line${n}-${line[2]}`, label: `Line ${n} ${which}`, message: sentence(f.message) };
      }
      if (f.path === 'customer') return { field: 'customer', label: 'Customer', message: sentence(f.message) };
      return { field: 'customer', label: f.path || 'Order', message: sentence(f.message) };
    });
    return entryForm(ui, values, mapped, 422);
  }
}

/** A domain message as a sentence: `unknown item X` → `Unknown item X.` */
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;

// ---------------------------------------------------------------------------------------------- detail

function orderDetail(ui: ScreenContext, number: string, failure?: { action: string; error: ApiError }): Reply {
  const order = getOrder(ui.tenant, number) as unknown as OrderView;
  const customer = customerNames(ui.tenant).get(order.customer);
  const shipments = listShipments(ui.tenant, { order: order.number });
  const invoices = listInvoices(ui.tenant, { order: order.number });
  const done = ui.http.method === 'GET' ? DONE[ui.http.query.get('done') ?? ''] : undefined;
  const allowed = (action: string) => ACTIONS[action]!.allowedFrom.includes(order.status);
  const disabled = (action: string) => (allowed(action) ? '' : html` disabled aria-describedby="actions-hint"`);
  const action = (name: string) => path('/orders', order.number, name);

  const lineRows = order.lines.map(
    (l) =>
      html`<tr>
        <th scope="row">${l.line}</th>
        <td>${l.sku}</td>
        <td>${l.description}</td>
        <td class="num">${qty(l.qty)} ${l.uom}</td>
        <td class="num">${money(l.unitPrice, order.currency)}</td>
        <td class="num">${money(l.amount, order.currency)}</td>
        <td class="num">${qty(l.qtyAllocated)}</td>
        <td class="num">${qty(l.qtyBackordered)}</td>
        <td class="num">${qty(l.qtyShipped)}</td>
      </tr>`,
  );
  const allocationRows = order.allocations.map(
    (a) =>
      html`<tr>
        <th scope="row">${a.line}</th>
        <td>${a.sku}</td>
        <td>${a.warehouse}</td>
        <td class="num">${qty(a.qty)}</td>
      </tr>`,
  );
  const shipmentRows = shipments.map(
    (s) =>
      html`<tr>
        <th scope="row"><a href="${path('/shipments', s.number)}">${s.number}</a></th>
        <td>${s.warehouse}</td>
        <td>${s.service}</td>
        <td>${badge(s.label.status)}</td>
        <td>${s.label.trackingNumber ?? '—'}</td>
      </tr>`,
  );
  const invoiceRows = invoices.map(
    (i) =>
      html`<tr>
        <th scope="row"><a href="${path('/invoices', i.number)}">${i.number}</a></th>
        <td>${badge(i.status)}</td>
        <td class="num">${money(i.total ?? i.subtotal, i.currency)}</td>
        <td>${badge(i.payment.status)}</td>
      </tr>`,
  );

  return page(ui.session, {
    title: `Order ${order.number}`,
    active: 'orders',
    status: failure?.error.status ?? 200,
    body: html`${failure ? alertBox(ACTIONS[failure.action]?.failed ?? 'The action failed', failure.error.message) : ''}
      ${notice(done?.(order))}
      <section class="panel" aria-label="Order summary">
        <dl class="facts">
          ${fact('Status', badge(order.status))}
          ${fact('Customer', `${customer ?? order.customer} (${order.customer})`)}
          ${fact('Customer PO', order.poNumber)} ${fact('Requested date', order.requestedDate)}
          ${fact('Ship to', address(order.shipTo))} ${fact('Source', order.source)}
          ${fact('Created', when(order.createdAt))} ${fact('Subtotal', money(order.subtotal, order.currency))}
        </dl>
      </section>

      <div class="actions" aria-label="Order actions" role="group">
        <form method="post" action="${action('allocate')}">
          ${csrfField(ui.session)}<button type="submit" ${disabled('allocate')}>Allocate</button>
        </form>
        <form method="post" action="${action('ship')}">
          ${csrfField(ui.session)}
          <div>
            <label for="service">Shipping service</label>
            <select id="service" name="service" ${allowed('ship') ? '' : html` disabled`}>
              ${options(
                SHIPPING_SERVICES.map((s) => ({ value: s, label: s.charAt(0) + s.slice(1).toLowerCase() })),
                'GROUND',
              )}
            </select>
          </div>
          <button type="submit" ${disabled('ship')}>Ship</button>
        </form>
        <form method="post" action="${action('cancel')}">
          ${csrfField(ui.session)}<button type="submit" class="danger" ${disabled('cancel')}>Cancel order</button>
        </form>
      </div>
      <p class="muted" id="actions-hint">
        Allocate from open or backordered; ship from allocated or backordered; cancel until shipped.
      </p>

      <h2>Lines</h2>
      <table>
        <caption>
          Order lines of ${order.number}
        </caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Item</th>
            <th scope="col">Description</th>
            <th scope="col" class="num">Quantity</th>
            <th scope="col" class="num">Unit price</th>
            <th scope="col" class="num">Amount</th>
            <th scope="col" class="num">Allocated</th>
            <th scope="col" class="num">Backordered</th>
            <th scope="col" class="num">Shipped</th>
          </tr>
        </thead>
        <tbody>
          ${lineRows}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="5">Subtotal</th>
            <td class="num">${money(order.subtotal, order.currency)}</td>
            <td colspan="3"></td>
          </tr>
        </tfoot>
      </table>

      <h2>Allocation</h2>
      ${dataTable({
        caption: html`Stock reserved for ${order.number}`,
        columns: ['Line', 'Item', 'Warehouse', num('Quantity')],
        rows: allocationRows,
        empty: 'Nothing is reserved.',
      })}

      <h2>Shipments</h2>
      ${dataTable({
        caption: html`Shipments of ${order.number}`,
        columns: ['Shipment', 'Warehouse', 'Service', 'Label', 'Tracking number'],
        rows: shipmentRows,
        empty: 'Not shipped yet.',
      })}

      <h2>Invoices</h2>
      ${dataTable({
        caption: html`Invoices of ${order.number}`,
        columns: ['Invoice', 'Status', num('Total'), 'Payment'],
        rows: invoiceRows,
        empty: 'No invoices yet: one is posted for each shipment.',
      })}`,
  });
}

async function orderAction(ui: ScreenContext, number: string, name: string): Promise<Reply> {
  try {
    if (name === 'allocate') await allocateOrder(ui.tenant, number);
    else if (name === 'cancel') cancelOrder(ui.tenant, number);
    else {
      const service = ui.form.get('service') ?? 'GROUND';
      if (!SHIPPING_SERVICES.includes(service))
        throw new ApiError(422, 'VALIDATION_FAILED', `Choose a shipping service: ${SHIPPING_SERVICES.join(', ')}.`);
      shipOrder(ui.tenant, number, service);
    }
  } catch (error) {
    // A refused move (409) or a bad choice (422) is shown on the order; a missing order stays a 404 page.
    if (error instanceof ApiError && error.status !== 404) return orderDetail(ui, number, { action: name, error });
    throw error;
  }
  const done = { allocate: 'allocated', ship: 'shipped', cancel: 'cancelled' }[name];
  return seeOther(`${path('/orders', number)}?done=${done}`);
}

/** Sales order list, entry, detail and the allocate / ship / cancel actions. */
export function registerOrderScreens(screen: AddScreen): void {
  screen('GET', '/orders', ordersList);
  screen('GET', '/orders/new', (ui) => entryForm(ui, readEntry(new URLSearchParams())));
  screen('POST', '/orders/new', submitEntry);
  screen('GET', '/orders/:number', (ui) => orderDetail(ui, ui.http.params.number!));
  for (const name of Object.keys(ACTIONS))
    screen('POST', `/orders/:number/${name}`, (ui) => orderAction(ui, ui.http.params.number!, name));
}
