import { parseJsonBody } from '../core/parse-json-body.js';
import { stringifyJson } from '../core/stringify-json.js';
import { findErrorResults } from './graphql-error-rule.js';
import type { ExchangeRecord } from './results.js';

/** An error the target wrote in its own words, read from a recorded (redacted) response body. */
export interface TargetError {
  /** Which convention it was written in. */
  kind: 'graphql' | 'graphql-error-result' | 'problem' | 'error-object';
  /** The target's code: `extensions.code`, an `errorCode`, a problem's `title`, an `error.code`. */
  code?: string;
  message: string;
  /** Further members, one `name: value` each (path, problem type, instance, extension members). */
  details: string[];
}

/** Errors read from one body at most: a page of them says as much as a hundred. */
const MAX_ERRORS = 5;
/** Characters of one detail value shown. */
const MAX_VALUE_CHARS = 300;
/** RFC 9457 §3.1: the members every problem may have; any other member is an extension. */
const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance']);

/**
 * The target's own errors in a recorded response, in the conventions targets write them:
 * - a GraphQL response's `errors[]` (GraphQL spec, "Response" §7.1.2: `message`, `path`,
 *   `locations`, `extensions.code`) and error results in `data` (objects whose `__typename` ends
 *   in `Error`, with `errorCode` and `message`, see `findErrorResults`);
 * - an RFC 9457 problem details body (`application/problem+json`, or a JSON body with a string
 *   `title` and a numeric `status`): `type`, `title`, `status`, `detail`, `instance` and its
 *   extension members;
 * - the common `{ "error": { "code", "message" } }` / `{ "error": "...", "message": "..." }` shape.
 * At most 5, in that order. A body that is not JSON, or holds none of these, gives none.
 *
 * @example
 * targetErrors({ ...exchange, response: { status: 200, headers: {}, body:
 *   '{"errors":[{"message":"Order not found","path":["order"],"extensions":{"code":"NOT_FOUND"}}]}' } })
 * // [{ kind: 'graphql', code: 'NOT_FOUND', message: 'Order not found', details: ['path: order'] }]
 */
export function targetErrors(exchange: ExchangeRecord): TargetError[] {
  const response = exchange.response;
  if (!response?.body) return [];
  let body: unknown;
  try {
    body = parseJsonBody(response.body);
  } catch {
    return [];
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const record = body as Record<string, unknown>;
  const found = [...graphqlErrors(record), ...findErrorResults(record.data).map(errorResult)];
  if (found.length === 0) {
    const problem = problemOf(record, contentType(response.headers), response.status);
    if (problem) found.push(problem);
    else found.push(...errorObject(record));
  }
  return found.slice(0, MAX_ERRORS);
}

/**
 * `Target said: <code>: <message>` and its details indented under it, one error after another.
 *
 * @example
 * targetSaidText([{ kind: 'graphql', code: 'NOT_FOUND', message: 'Order not found', details: ['path: order'] }])
 * // 'Target said: NOT_FOUND: Order not found\n  path: order'
 */
export function targetSaidText(errors: readonly TargetError[]): string {
  return errors
    .map((error) =>
      [
        `Target said: ${error.code ? `${error.code}: ` : ''}${error.message}`,
        ...error.details.map((d) => `  ${d}`),
      ].join('\n'),
    )
    .join('\n');
}

function graphqlErrors(body: Record<string, unknown>): TargetError[] {
  if (!Array.isArray(body.errors)) return [];
  return body.errors
    .filter(
      (e): e is Record<string, unknown> =>
        !!e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string',
    )
    .map((error) => {
      const extensions =
        error.extensions && typeof error.extensions === 'object' ? (error.extensions as Record<string, unknown>) : {};
      const details: string[] = [];
      if (Array.isArray(error.path)) details.push(`path: ${pathText(error.path)}`);
      if (Array.isArray(error.locations))
        details.push(
          `locations: ${error.locations
            .map((l) =>
              l && typeof l === 'object'
                ? `${(l as { line?: unknown }).line}:${(l as { column?: unknown }).column}`
                : '',
            )
            .join(', ')}`,
        );
      for (const [name, value] of Object.entries(extensions))
        if (name !== 'code') details.push(`extensions.${name}: ${shown(value)}`);
      return {
        kind: 'graphql' as const,
        ...(extensions.code !== undefined ? { code: String(extensions.code) } : {}),
        message: String(error.message),
        details,
      };
    });
}

function errorResult(error: ReturnType<typeof findErrorResults>[number]): TargetError {
  return {
    kind: 'graphql-error-result',
    code: error.errorCode ?? error.typename,
    message: error.message ?? `${error.typename} at ${error.path}`,
    details: [`at: ${error.path} (__typename ${error.typename})`],
  };
}

function problemOf(body: Record<string, unknown>, type: string, status: number): TargetError | undefined {
  const declared = type === 'application/problem+json';
  if (!declared && !(typeof body.title === 'string' && typeof body.status === 'number')) return undefined;
  const title = typeof body.title === 'string' ? body.title : undefined;
  const detail = typeof body.detail === 'string' ? body.detail : undefined;
  const details: string[] = [];
  if (body.type !== undefined) details.push(`type: ${shown(body.type)}`);
  details.push(`status: ${typeof body.status === 'number' ? body.status : status}`);
  if (body.instance !== undefined) details.push(`instance: ${shown(body.instance)}`);
  for (const [name, value] of Object.entries(body))
    if (!PROBLEM_MEMBERS.has(name)) details.push(`${name}: ${shown(value)}`);
  return {
    kind: 'problem',
    ...(title !== undefined ? { code: title } : {}),
    message: detail ?? title ?? `a problem (${typeof body.type === 'string' ? body.type : 'about:blank'})`,
    details,
  };
}

function errorObject(body: Record<string, unknown>): TargetError[] {
  const error = body.error;
  if (error && typeof error === 'object' && !Array.isArray(error)) {
    const e = error as Record<string, unknown>;
    if (e.code === undefined && e.message === undefined) return [];
    const details = Object.entries(e)
      .filter(([name]) => name !== 'code' && name !== 'message')
      .map(([name, value]) => `${name}: ${shown(value)}`);
    return [
      {
        kind: 'error-object',
        ...(e.code !== undefined ? { code: String(e.code) } : {}),
        message: e.message !== undefined ? String(e.message) : '(no message)',
        details,
      },
    ];
  }
  if (typeof error === 'string')
    return [
      {
        kind: 'error-object',
        ...(typeof body.code === 'string'
          ? { code: body.code }
          : typeof body.message === 'string'
            ? { code: error }
            : {}),
        message: typeof body.message === 'string' ? body.message : error,
        details: [],
      },
    ];
  return [];
}

function contentType(headers: Readonly<Record<string, string>>): string {
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() === 'content-type') return value.split(';')[0]!.trim().toLowerCase();
  return '';
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (stringifyJson(value) ?? String(value));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** A GraphQL error's `path` as a path a user writes: `order.lines[0]`. */
function pathText(path: readonly unknown[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}
