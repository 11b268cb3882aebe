import { getInvoice, listInvoices } from '../domain/invoices.js';
import { getShipment, listShipments } from '../domain/shipments.js';
import { getEdiMessage, listEdiMessages } from '../edi/edi-messages.js';
import { notFound } from '../http/api-error.js';
import type { Reply } from '../http/router.js';
import { html, money, path, qty, when } from './html.js';
import { badge, dataTable, fact, filterForm, num, page, statusFilter } from './layout.js';
import type { AddScreen, ScreenContext } from './screen.js';

const orderLink = (number: string | null | undefined) =>
  number ? html`<a href="${path('/orders', number)}">${number}</a>` : '—';

// ---------------------------------------------------------------------------------------------- shipments

function shipmentsList(ui: ScreenContext): Reply {
  const order = ui.http.query.get('order') || undefined;
  const shipments = listShipments(ui.tenant, { order }).reverse();
  const rows = shipments.map(
    (s) =>
      html`<tr>
        <th scope="row"><a href="${path('/shipments', s.number)}">${s.number}</a></th>
        <td>${orderLink(s.order)}</td>
        <td>${s.warehouse}</td>
        <td>${s.service}</td>
        <td class="num">${s.weightKg} kg</td>
        <td>${badge(s.label.status)}</td>
        <td>${s.label.trackingNumber ?? '—'}</td>
        <td>${when(s.shippedAt)}</td>
      </tr>`,
  );
  return page(ui.session, {
    title: 'Shipments',
    active: 'shipments',
    body: dataTable({
      caption: html`${order ? `Shipments of order ${order}` : 'Shipments, newest first'} (${shipments.length})`,
      columns: ['Shipment', 'Order', 'Warehouse', 'Service', num('Weight'), 'Label', 'Tracking number', 'Shipped'],
      rows,
      empty: 'No shipments yet.',
    }),
  });
}

function shipmentDetail(ui: ScreenContext, number: string): Reply {
  const shipment = getShipment(ui.tenant, number);
  if (!shipment) throw notFound(`shipment ${number}`);
  const invoices = shipment.order
    ? listInvoices(ui.tenant, { order: shipment.order }).filter((i) => i.shipment === shipment.number)
    : [];
  const labelNote =
    shipment.label.status === 'pending'
      ? html`<p class="muted">The carrier label is being created. Reload the page to see its tracking number.</p>`
      : shipment.label.status === 'failed'
        ? html`<div class="alert" role="alert">
            <p>The carrier could not create a label for this shipment. It needs attention.</p>
          </div>`
        : '';
  return page(ui.session, {
    title: `Shipment ${shipment.number}`,
    active: 'shipments',
    headActions: html`<a href="${path('/shipments', shipment.number)}">Reload</a>`,
    body: html`${labelNote}
      <section class="panel" aria-label="Shipment summary">
        <dl class="facts">
          ${fact('Order', orderLink(shipment.order))} ${fact('Status', badge(shipment.status))}
          ${fact('Warehouse', shipment.warehouse)} ${fact('Service', shipment.service)}
          ${fact('Weight', `${shipment.weightKg} kg`)} ${fact('Label status', badge(shipment.label.status))}
          ${fact('Tracking number', shipment.label.trackingNumber)}
          ${fact('Label cost', shipment.label.cost ? money(shipment.label.cost.amount, shipment.label.cost.currency) : null)}
          ${fact('Shipped', when(shipment.shippedAt))}
          ${fact(
            'Invoice',
            invoices.length
              ? invoices.map((i) => html`<a href="${path('/invoices', i.number)}">${i.number}</a> `)
              : 'not yet',
          )}
        </dl>
      </section>
      <h2>Contents</h2>
      ${dataTable({
        caption: html`Items in ${shipment.number}`,
        columns: ['Order line', 'Item', num('Quantity')],
        body: html`${shipment.lines.map(
          (l) =>
            html`<tr>
              <th scope="row">${l.line}</th>
              <td>${l.sku}</td>
              <td class="num">${qty(l.qty)}</td>
            </tr>`,
        )}`,
      })}`,
  });
}

// ---------------------------------------------------------------------------------------------- invoices

const INVOICE_STATUSES = ['draft', 'posted', 'paid'];

function invoicesList(ui: ScreenContext): Reply {
  const status = ui.http.query.get('status') ?? '';
  const filter = INVOICE_STATUSES.includes(status) ? status : undefined;
  const invoices = listInvoices(ui.tenant, {
    status: filter,
    order: ui.http.query.get('order') || undefined,
  }).reverse();
  const rows = invoices.map(
    (i) =>
      html`<tr>
        <th scope="row"><a href="${path('/invoices', i.number)}">${i.number}</a></th>
        <td>${orderLink(i.order)}</td>
        <td>${i.customer}</td>
        <td>${badge(i.status)}</td>
        <td class="num">${money(i.subtotal, i.currency)}</td>
        <td class="num">${money(i.tax, i.currency)}</td>
        <td class="num">${money(i.total, i.currency)}</td>
        <td>${badge(i.payment.status)}</td>
      </tr>`,
  );
  return page(ui.session, {
    title: 'Invoices',
    active: 'invoices',
    body: html`${statusFilter('/invoices', 'Filter invoices', INVOICE_STATUSES, filter)}
    ${dataTable({
      caption: html`Invoices, newest first (${invoices.length})`,
      columns: ['Invoice', 'Order', 'Customer', 'Status', num('Subtotal'), num('Tax'), num('Total'), 'Payment'],
      rows,
      empty: 'No invoices yet.',
    })}`,
  });
}

function invoiceDetail(ui: ScreenContext, number: string): Reply {
  const invoice = getInvoice(ui.tenant, number);
  if (!invoice) throw notFound(`invoice ${number}`);
  const c = invoice.currency;
  const customer = ui.tenant.db.get<{ name: string }>('SELECT name FROM customers WHERE tenant_id = ? AND code = ?', [
    ui.tenant.tenantId,
    invoice.customer,
  ]);
  return page(ui.session, {
    title: `Invoice ${invoice.number}`,
    active: 'invoices',
    body: html`${invoice.status === 'draft' ? html`<p class="muted">Draft: tax and total are set when the invoice is posted.</p>` : ''}
      ${invoice.payment.status === 'declined' ? html`<div class="alert" role="alert"><p>The card payment was declined (${invoice.payment.declineCode ?? 'no reason given'}).</p></div>` : ''}
      <section class="panel" aria-label="Invoice summary">
        <dl class="facts">
          ${fact('Status', badge(invoice.status))}
          ${fact('Customer', `${customer?.name ?? invoice.customer} (${invoice.customer})`)}
          ${fact('Order', orderLink(invoice.order))}
          ${fact('Shipment', invoice.shipment ? html`<a href="${path('/shipments', invoice.shipment)}">${invoice.shipment}</a>` : null)}
          ${fact('Total', money(invoice.total, c))} ${fact('Tax rate', invoice.taxRate)}
          ${fact('Jurisdiction', invoice.jurisdiction)} ${fact('Payment', badge(invoice.payment.status))}
          ${fact('Posted', when(invoice.postedAt))} ${fact('Paid', when(invoice.paidAt))}
        </dl>
      </section>
      <h2>Lines</h2>
      <table>
        <caption>
          Invoice lines of ${invoice.number} (${c})
        </caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Item</th>
            <th scope="col">Description</th>
            <th scope="col" class="num">Quantity</th>
            <th scope="col" class="num">Unit price</th>
            <th scope="col" class="num">Amount</th>
            <th scope="col" class="num">Tax</th>
          </tr>
        </thead>
        <tbody>
          ${invoice.lines.map(
            (l) =>
              html`<tr>
                <th scope="row">${l.line}</th>
                <td>${l.sku}</td>
                <td>${l.description}</td>
                <td class="num">${qty(l.qty)}</td>
                <td class="num">${money(l.unitPrice, c)}</td>
                <td class="num">${money(l.amount, c)}</td>
                <td class="num">${money(l.tax, c)}</td>
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="5">Subtotal</th>
            <td class="num">${money(invoice.subtotal, c)}</td>
            <td></td>
          </tr>
          <tr>
            <th scope="row" colspan="5">Tax</th>
            <td class="num">${money(invoice.tax, c)}</td>
            <td></td>
          </tr>
          <tr>
            <th scope="row" colspan="5">Total</th>
            <td class="num">${money(invoice.total, c)}</td>
            <td></td>
          </tr>
        </tfoot>
      </table>`,
  });
}

// ---------------------------------------------------------------------------------------------- EDI

const SET_NAMES: Record<string, string> = {
  '850': 'Purchase order',
  '855': 'PO acknowledgment',
  '856': 'Ship notice',
  '810': 'Invoice',
  '997': 'Functional acknowledgment',
};
const setLabel = (set: string) => (SET_NAMES[set] ? `${set} ${SET_NAMES[set]}` : set);
const directionLabel = (direction: string) => (direction === 'in' ? 'Inbound' : 'Outbound');

/** X12 one segment a line (the terminator is the ISA's 106th character). */
function segmentLines(body: string): string {
  if (body.includes('\n') || !body.startsWith('ISA') || body.length < 106) return body;
  const terminator = body[105]!;
  return body
    .split(terminator)
    .filter((segment) => segment.length > 0)
    .map((segment) => segment + terminator)
    .join('\n');
}

function ediList(ui: ScreenContext): Reply {
  const direction = ['in', 'out'].includes(ui.http.query.get('direction') ?? '') ? ui.http.query.get('direction')! : '';
  const set = Object.keys(SET_NAMES).includes(ui.http.query.get('set') ?? '') ? ui.http.query.get('set')! : '';
  const messages = listEdiMessages(ui.tenant, { direction: direction || undefined, set: set || undefined });
  const rows = messages.map(
    (m) =>
      html`<tr>
        <th scope="row"><a href="${path('/edi', m.id)}" aria-label="EDI message ${m.id}">#${m.id}</a></th>
        <td>${when(m.createdAt)}</td>
        <td>${directionLabel(m.direction)}</td>
        <td>${setLabel(m.set)}</td>
        <td>${m.partner ?? '—'}</td>
        <td>${m.controlNumber ?? '—'}</td>
        <td>${badge(m.status)}</td>
        <td>${orderLink(m.order)}</td>
      </tr>`,
  );
  return page(ui.session, {
    title: 'EDI messages',
    active: 'edi',
    body: html`${filterForm('/edi', 'Filter EDI messages', [
      {
        name: 'direction',
        label: 'Direction',
        choices: [
          { value: '', label: 'Both directions' },
          { value: 'in', label: 'Inbound' },
          { value: 'out', label: 'Outbound' },
        ],
        selected: direction,
      },
      {
        name: 'set',
        label: 'Transaction set',
        choices: [
          { value: '', label: 'All sets' },
          ...Object.keys(SET_NAMES).map((s) => ({ value: s, label: setLabel(s) })),
        ],
        selected: set,
      },
    ])}
    ${dataTable({
      caption: html`EDI message log, newest first (${messages.length})`,
      columns: ['Message', 'Logged', 'Direction', 'Set', 'Partner', 'Control number', 'Status', 'Order'],
      rows,
      empty: 'No EDI messages.',
    })}`,
  });
}

function ediDetail(ui: ScreenContext, id: string): Reply {
  const message = /^\d{1,15}$/.test(id) ? getEdiMessage(ui.tenant, Number(id)) : undefined;
  if (!message) throw notFound(`EDI message ${id}`);
  return page(ui.session, {
    title: `EDI message ${message.id}`,
    active: 'edi',
    body: html`${
        message.errors.length
          ? html`<div class="alert" role="alert">
              <h2>Problems</h2>
              <ul>
                ${message.errors.map((e) => html`<li>${e}</li>`)}
              </ul>
            </div>`
          : ''
      }
      <section class="panel" aria-label="Message summary">
        <dl class="facts">
          ${fact('Direction', directionLabel(message.direction))} ${fact('Set', setLabel(message.set))}
          ${fact('Partner', message.partner)} ${fact('Control number', message.controlNumber)}
          ${fact('Status', badge(message.status))} ${fact('Order', orderLink(message.order))}
          ${fact('Logged', when(message.createdAt))} ${fact('Sent', when(message.sentAt))}
        </dl>
      </section>
      <h2 id="document-heading">Document</h2>
      <pre class="document" aria-labelledby="document-heading" tabindex="0">${segmentLines(message.body ?? '')}</pre>`,
  });
}

/** Shipments, invoices and the EDI message log. */
export function registerFulfilmentScreens(screen: AddScreen): void {
  screen('GET', '/shipments', shipmentsList);
  screen('GET', '/shipments/:number', (ui) => shipmentDetail(ui, ui.http.params.number!));
  screen('GET', '/invoices', invoicesList);
  screen('GET', '/invoices/:number', (ui) => invoiceDetail(ui, ui.http.params.number!));
  screen('GET', '/edi', ediList);
  screen('GET', '/edi/:id', (ui) => ediDetail(ui, ui.http.params.id!));
}
