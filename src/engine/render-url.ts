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
 * Expression errors stop the step as `errored`, as `renderText` does.
 *
 * @example
 * renderUrl('/orders/{{ id }}?q={{ q }}', ctx) // id "PO/1", q "a&b" → '/orders/PO%2F1?q=a%26b'
 */
export function renderUrl(source: string, ctx: StepContext): string {
  if (!isTemplate(source)) return source;
  try {
    const template: Template = cachedTemplate(source);
    let out = '';
    for (const part of template.parts) {
      if (part.expression === undefined) out += part.text ?? '';
      else out += renderPart(part, out, ctx);
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

/** For titles: the URL as it is sent when it renders, else the template as written. */
export function tryRenderUrl(source: string, ctx: StepContext): string {
  try {
    return renderUrl(source, ctx);
  } catch {
    return source;
  }
}

function renderPart(part: TemplatePart, before: string, ctx: StepContext): string {
  const scope = expressionScope(ctx);
  const node = part.expression!;
  if (node.kind === 'call' && node.args.length === 1) {
    const callee = evaluate(node.callee, scope) as { builtin?: unknown; name?: unknown } | undefined;
    if (callee?.builtin === true && typeof callee.name === 'string' && AS_IS.has(callee.name))
      return stringify(evaluate(node, scope));
  }
  const text = stringify(evaluate(node, scope));
  const place = urlPlace(before);
  return place === 'start' || place === 'authority' ? text : percentEncode(text);
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
