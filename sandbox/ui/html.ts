/** Markup that is already safe: produced by `html`, never by string concatenation of user text. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for an element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * A tagged template that escapes every interpolation, except `SafeHtml` (the
 * result of another `html`) and arrays of either. `null`, `undefined` and
 * `false` render nothing, so `${cond && html`...`}` works.
 *
 * @example
 * html`<td>${order.customer}</td>`; // '<td>Bolt &amp; Nut</td>'
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** A path built from segments, each URI-encoded: `path('/orders', 'SO-1')`. */
export function path(base: string, ...segments: Array<string | number>): string {
  return [base, ...segments.map((s) => encodeURIComponent(String(s)))].join('/');
}

const currencyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in minor units (cents) shown in its currency: `money(24999, 'USD')` → `$249.99`. */
export function money(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined) return '—';
  const code = currency || 'USD';
  let format = currencyFormats.get(code);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    } catch {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'XXX' });
    }
    currencyFormats.set(code, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** A quantity with thousands separators. */
export const qty = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : n.toLocaleString('en-US');

/** An ISO timestamp as `2025-03-14 09:26 UTC` (a date stays a date). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}
