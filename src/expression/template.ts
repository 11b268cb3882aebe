import type { Node } from './ast.js';
import { evaluate, stringify, type ExpressionScope } from './evaluate.js';
import { ExpressionError, syntaxError } from './expression-error.js';
import { parseExpression } from './parse.js';

export interface TemplatePart {
  /** Literal text, or an expression with its offset in the template string. */
  text?: string;
  expression?: Node;
  /** Offset of the expression's first character (after `{{`) in the template. */
  offset: number;
}

export interface Template {
  source: string;
  parts: TemplatePart[];
  /** True when the whole string is one `{{ }}`: the value keeps its type. */
  whole: boolean;
}

/** True when `text` contains `{{`. */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/**
 * Splits a string into literal text and `{{ expression }}` parts. Errors carry
 * the offset in the whole string, so the loader can point at the character.
 *
 * @example
 * parseTemplate('SO-{{ orderId }}').parts.length // 2
 */
export function parseTemplate(source: string): Template {
  const parts: TemplatePart[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      parts.push({ text: source.slice(i), offset: i });
      break;
    }
    if (open > i) parts.push({ text: source.slice(i, open), offset: i });
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw syntaxError('"{{" is never closed.', open, 'Close the expression with "}}".');
    const inner = source.slice(open + 2, close);
    if (inner.trim() === '')
      throw syntaxError('Empty expression "{{ }}".', open, 'Write a name or expression inside, e.g. {{ orderId }}.');
    try {
      parts.push({ expression: parseExpression(inner), offset: open + 2 });
    } catch (error) {
      if (error instanceof ExpressionError) throw shifted(error, open + 2);
      throw error;
    }
    i = close + 2;
  }
  const whole =
    parts.length === 1 && parts[0]!.expression !== undefined && source.startsWith('{{') && source.endsWith('}}');
  return { source, parts, whole };
}

/** Evaluates a template: a whole expression keeps its type, otherwise the parts join as text. */
export function renderTemplate(template: Template, scope: ExpressionScope): unknown {
  const evaluatePart = (part: TemplatePart) => {
    try {
      return evaluate(part.expression!, scope);
    } catch (error) {
      if (error instanceof ExpressionError) throw shifted(error, part.offset);
      throw error;
    }
  };
  if (template.whole) return evaluatePart(template.parts[0]!);
  return template.parts.map((part) => (part.expression ? stringify(evaluatePart(part)) : part.text)).join('');
}

const cache = new Map<string, Template>();

/** Parses with a small cache: the same scenario strings render many times. */
export function cachedTemplate(source: string): Template {
  let template = cache.get(source);
  if (!template) {
    template = parseTemplate(source);
    if (cache.size > 5000) cache.clear();
    cache.set(source, template);
  }
  return template;
}

/**
 * Renders every string in a value (objects and arrays recursively; keys are
 * not templated).
 */
export function renderValue(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value === 'string') return isTemplate(value) ? renderTemplate(cachedTemplate(value), scope) : value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, scope);
    return out;
  }
  return value;
}

function shifted(error: ExpressionError, by: number): ExpressionError {
  const offset = error.offset === undefined ? by : error.offset + by;
  return new ExpressionError(
    error.code,
    error.message,
    error.hint === undefined ? { offset } : { offset, hint: error.hint },
  );
}
