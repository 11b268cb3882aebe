import { percentEncode } from '../core/percent-encode.js';
import {
  cachedTemplate,
  evaluate,
  ExpressionError,
  isTemplate,
  stringify,
  type Template,
  type TemplatePart,
} from '../expression/index.js';
import type { StepContext } from './context.js';
import { expressionScope } from './evaluate.js';
import { StepAbort } from './step-failure.js';

/** Where in a URL a `{{ }}` value lands, read from the text before it. */
export type UrlPlace = 'start' | 'authority' | 'path' | 'query' | 'fragment';

/**
 * Functions whose result goes into a URL as it is: `raw(x)` (the author builds URL structure on
 * purpose) and `urlEncode(x)` (already encoded: encoding it again would send `%2526`).
 */
const AS_IS = new Set(['raw', 'urlEncode']);

/**
 * Renders a URL template (`/api/orders/{{ id }}?name={{ name }}`) as it is sent: literal text as
 * the author wrote it, and each `{{ }}` value percent-encoded for its place (`percentEncode`,
 * RFC 3986 unreserved characters kept): in the path it is one segment (`/`, `?`, `#`, `%`, `&`,
 * `+` and spaces encoded), in the query one key or value (`&`, `=`, `+`, `#` encoded). A value at
 * the very start of the URL or in its scheme and host (`{{ baseUrl }}/orders`,
 * `http://{{ host }}/x`, `{{ response.headers.location }}`) supplies structure and is inserted as
 * written, as is the whole expression `{{ raw(x) }}` (or `{{ urlEncode(x) }}`, already encoded).
 * Expression errors stop the step as `errored`, as `renderText` does, and so does a value that is
 * a whole path segment and renders empty (null, missing, ''): `/orders/{{ id }}/cancel` would go
 * to `/orders//cancel`, which many servers and proxies read as `/orders/cancel` — another resource
 * (`REHEARSE_URL_EMPTY_SEGMENT`; `{{ raw(id) }}` sends it anyway).
 *
 * @example
 * renderUrl('/orders/{{ id }}?q={{ q }}', ctx) // id "PO/1", q "a&b" → '/orders/PO%2F1?q=a%26b'
 */
export function renderUrl(source: string, ctx: StepContext): string {
  if (!isTemplate(source)) return source;
  try {
    const template: Template = cachedTemplate(source);
    let out = '';
    for (const [i, part] of template.parts.entries()) {
      if (part.expression === undefined) {
        out += part.text ?? '';
        continue;
      }
      const value = renderPart(part, out, ctx);
      if (value.text === '' && !value.asIs && wholeSegment(out, template.parts[i + 1]?.text))
        throw emptySegment(source, part, out);
      out += value.text;
    }
    return out;
  } catch (error) {
    if (error instanceof ExpressionError) {
      throw new StepAbort({
        code: error.code,
        message: `Failed to evaluate ${JSON.stringify(source).slice(0, 120)}: ${error.message}`,
        ...(error.hint ? { hint: error.hint } : {}),
      });
    }
    throw error;
  }
}

/** True when a value placed after `before` and followed by `after` is a whole path segment. */
function wholeSegment(before: string, after: string | undefined): boolean {
  if (urlPlace(before) !== 'path' || !before.endsWith('/')) return false;
  return after === undefined || after === '' || /^[/?#]/.test(after);
}

function emptySegment(source: string, part: TemplatePart, before: string): StepAbort {
  const end = source.indexOf('}}', part.offset);
  const written = `{{ ${source.slice(part.offset, end === -1 ? undefined : end).trim()} }}`;
  return new StepAbort({
    code: 'REHEARSE_URL_EMPTY_SEGMENT',
    message: `Failed to build the URL ${JSON.stringify(source).slice(0, 120)}: ${written} is empty (null, missing or ""), so the request would go to ${JSON.stringify(`${before}…`)} with an empty path segment, which servers may read as another resource.`,
    hint: `Check that the value was saved by an earlier step (its expect can require it: { exists: true }); to send an empty segment on purpose, write {{ raw(...) }}.`,
  });
}

/** For titles: the URL as it is sent when it renders, else the template as written. */
export function tryRenderUrl(source: string, ctx: StepContext): string {
  try {
    return renderUrl(source, ctx);
  } catch {
    return source;
  }
}

/** A value as it goes into the URL; `asIs` when the author opted out of encoding (`raw`, `urlEncode`). */
function renderPart(part: TemplatePart, before: string, ctx: StepContext): { text: string; asIs: boolean } {
  const scope = expressionScope(ctx);
  const node = part.expression!;
  if (node.kind === 'call' && node.args.length === 1) {
    const callee = evaluate(node.callee, scope) as { builtin?: unknown; name?: unknown } | undefined;
    if (callee?.builtin === true && typeof callee.name === 'string' && AS_IS.has(callee.name))
      return { text: stringify(evaluate(node, scope)), asIs: true };
  }
  const text = stringify(evaluate(node, scope));
  const place = urlPlace(before);
  return { text: place === 'start' || place === 'authority' ? text : percentEncode(text), asIs: false };
}

/**
 * The place a value takes after `before` (the URL as rendered so far): RFC 3986 §3 — a `#` starts
 * the fragment, else a `?` the query; `scheme://` with no `/` yet is the authority; nothing yet is
 * the start; anything else is the path.
 *
 * @example
 * urlPlace('/orders?sku=') // 'query'
 */
export function urlPlace(before: string): UrlPlace {
  if (before === '') return 'start';
  if (before.includes('#')) return 'fragment';
  if (before.includes('?')) return 'query';
  if (/^[a-z][a-z\d+.-]*:\/\/[^/]*$/i.test(before)) return 'authority';
  return 'path';
}
