import type { Reply } from '../http/router.js';
import { html, type SafeHtml } from './html.js';
import type { Session } from './session.js';
import { APP_CSS_VERSION } from './styles.js';

/** Headers of every screen: never cached (they show live data), no framing, nothing loaded from elsewhere. */
export const SCREEN_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const NAV: Array<{ key: string; href: string; label: string }> = [
  { key: 'orders', href: '/orders', label: 'Orders' },
  { key: 'new-order', href: '/orders/new', label: 'New order' },
  { key: 'shipments', href: '/shipments', label: 'Shipments' },
  { key: 'invoices', href: '/invoices', label: 'Invoices' },
  { key: 'edi', href: '/edi', label: 'EDI messages' },
  { key: 'mrp', href: '/mrp', label: 'MRP runs' },
  { key: 'purchase-orders', href: '/purchase-orders', label: 'Purchase orders' },
  { key: 'production-orders', href: '/production-orders', label: 'Production orders' },
];

function document(title: string, bodyClass: string, content: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/ui/app.css?v=${APP_CSS_VERSION}" />
      </head>
      <body class="${bodyClass}">
        ${content}
      </body>
    </html> `.value;
}

export interface PageOptions {
  title: string;
  /** The nav entry to mark as current. */
  active?: string;
  status?: number;
  /** Shown next to the h1 (buttons, links). */
  headActions?: SafeHtml;
  body: SafeHtml;
}

/** A signed-in screen: banner with tenant and user, main nav, main landmark with one h1. */
export function page(session: Session, options: PageOptions): Reply {
  const nav = NAV.map(
    (item) =>
      html`<li>
        <a href="${item.href}" ${item.key === options.active ? html` aria-current="page"` : ''}>${item.label}</a>
      </li>`,
  );
  const content = html`<a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <div class="bar">
        <a class="brand" href="/orders">Sandbox ERP</a>
        <div class="who">
          <span><span class="visually-hidden">Tenant: </span>${session.tenantName}</span>
          <span aria-hidden="true">·</span>
          <span><span class="visually-hidden">Signed in as </span>${session.username}</span>
          <form method="post" action="/logout">${csrfField(session)}<button type="submit">Sign out</button></form>
        </div>
      </div>
    </header>
    <nav class="main-nav" aria-label="Main">
      <ul>
        ${nav}
      </ul>
    </nav>
    <main id="main" tabindex="-1">
      <div class="page-head">
        <h1>${options.title}</h1>
        ${options.headActions}
      </div>
      ${options.body}
    </main>
    <footer>Rehearse sandbox ERP · tenant ${session.tenantId}</footer>`;
  return {
    status: options.status ?? 200,
    html: document(`${options.title} · ${session.tenantName} · Sandbox ERP`, 'app', content),
    headers: SCREEN_HEADERS,
  };
}

/** A screen without the signed-in chrome (login, errors before sign-in). */
export function barePage(
  title: string,
  body: SafeHtml,
  status = 200,
  headers: Record<string, string | string[]> = {},
): Reply {
  const content = html`<main id="main">
    <div class="brand">Sandbox ERP</div>
    <div class="panel">
      <h1>${title}</h1>
      ${body}
    </div>
  </main>`;
  return {
    status,
    html: document(`${title} · Sandbox ERP`, 'login', content),
    headers: { ...SCREEN_HEADERS, ...headers },
  };
}

/** The hidden CSRF field every POST form carries. */
export const csrfField = (session: Session) => html`<input type="hidden" name="_csrf" value="${session.csrf}" />`;

const BADGES: Record<string, string> = {
  open: 'info',
  allocated: 'ok',
  backordered: 'warn',
  shipped: 'ok',
  cancelled: 'bad',
  pending: 'warn',
  created: 'ok',
  failed: 'bad',
  draft: 'warn',
  posted: 'info',
  paid: 'ok',
  captured: 'ok',
  declined: 'bad',
  none: '',
  'on-account': 'info',
  processed: 'ok',
  rejected: 'bad',
  queued: 'warn',
  running: 'info',
  sent: 'ok',
  completed: 'ok',
  confirmed: 'ok',
  'partially-backordered': 'warn',
  released: 'info',
};

/** A status as a coloured pill (the text is the status itself). */
export const badge = (status: string | null | undefined) =>
  status ? html`<span class="badge ${BADGES[status] ?? ''}">${status}</span>` : html`<span class="muted">—</span>`;

/**
 * One `<dt>/<dd>` pair for a `dl.facts`. ARIA names neither terms nor definitions, so the value
 * carries a test id after its term (`fact-status`, `fact-tracking-number`) for tests to read it:
 * `getByTestId('fact-status')`. A term appears once per page.
 */
export const fact = (term: string, value: unknown) =>
  html`<div>
    <dt>${term}</dt>
    <dd data-testid="fact-${term.toLowerCase().replace(/[^a-z0-9]+/g, '-')}">${value ?? '—'}</dd>
  </div>`;

/** A row saying the table is empty, spanning all columns. */
export const emptyRow = (columns: number, text: string) =>
  html`<tr>
    <td class="empty" colspan="${columns}">${text}</td>
  </tr>`;

/** A form problem: the field's id (for the link and aria-describedby) and what to do about it. */
export interface FieldProblem {
  field: string;
  label: string;
  message: string;
}

/** The error summary at the top of a form: role=alert, each problem links to its field. */
export function errorSummary(problems: readonly FieldProblem[], heading = 'There is a problem'): SafeHtml | '' {
  if (problems.length === 0) return '';
  return html`<div class="alert" role="alert" id="error-summary">
    <h2>${heading}</h2>
    <ul>
      ${problems.map((p) => html`<li><a href="#${p.field}">${p.label}: ${p.message}</a></li>`)}
    </ul>
  </div>`;
}

/** A single error message (role=alert), e.g. a refused action. */
export const alertBox = (heading: string, message: string) =>
  html`<div class="alert" role="alert">
    <h2>${heading}</h2>
    <p>${message}</p>
  </div>`;

/** A confirmation after a successful action (role=status). */
export const notice = (message: string | undefined) =>
  message ? html`<div class="notice" role="status">${message}</div>` : '';

/** Attributes that tie a control to its error message. */
export function invalidAttrs(id: string, error: string | undefined, hintId?: string): SafeHtml {
  const describedBy = [error ? `${id}-error` : '', hintId ?? ''].filter(Boolean).join(' ');
  return html`${error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}`;
}

/** The error message shown under a control. */
export const fieldError = (id: string, error: string | undefined) =>
  error ? html`<p class="field-error" id="${id}-error">${error}</p>` : '';

/** A column heading; `num` right-aligns numbers. */
export type Column = string | { label: string; num: true };

/** A column of numbers. */
export const num = (label: string): Column => ({ label, num: true });

/**
 * A data table with a caption and column headings. Give `rows` (with `empty`,
 * the text of the row shown when there are none) or a whole `body`.
 */
export function dataTable(options: {
  caption: unknown;
  columns: readonly Column[];
  rows?: readonly SafeHtml[];
  empty?: string;
  body?: SafeHtml | readonly SafeHtml[];
}): SafeHtml {
  const headings = options.columns.map((c) =>
    typeof c === 'string' ? html`<th scope="col">${c}</th>` : html`<th scope="col" class="num">${c.label}</th>`,
  );
  const body =
    options.body ??
    (options.rows?.length ? options.rows : emptyRow(options.columns.length, options.empty ?? 'Nothing yet.'));
  return html`<table>
    <caption>
      ${options.caption}
    </caption>
    <thead>
      <tr>
        ${headings}
      </tr>
    </thead>
    <tbody>
      ${body}
    </tbody>
  </table>`;
}

export interface Option {
  value: string;
  label: string;
}

/** `<option>`s with one selected. */
export const options = (choices: readonly Option[], selected: string | null | undefined) =>
  choices.map(
    (o) => html`<option value="${o.value}" ${o.value === (selected ?? '') ? html` selected` : ''}>${o.label}</option>`,
  );

/** One select of a filter form. */
export interface FilterSelect {
  name: string;
  label: string;
  choices: readonly Option[];
  selected: string | null | undefined;
}

/** A GET form of selects above a list (a search landmark, so screen readers can jump to it). */
export function filterForm(action: string, label: string, selects: readonly FilterSelect[]): SafeHtml {
  const fields = selects.map(
    (select) =>
      html`<div class="field">
        <label for="${select.name}">${select.label}</label>
        <select id="${select.name}" name="${select.name}">
          ${options(select.choices, select.selected)}
        </select>
      </div>`,
  );
  return html`<form class="filters" method="get" action="${action}" role="search" aria-label="${label}">
    ${fields}
    <button type="submit" class="secondary">Filter</button>
  </form>`;
}

/** A filter form with one select: all statuses, then each status. */
export const statusFilter = (
  action: string,
  label: string,
  statuses: readonly string[],
  selected: string | undefined,
) =>
  filterForm(action, label, [
    {
      name: 'status',
      label: 'Status',
      choices: [{ value: '', label: 'All statuses' }, ...statuses.map((s) => ({ value: s, label: s }))],
      selected: selected ?? '',
    },
  ]);
