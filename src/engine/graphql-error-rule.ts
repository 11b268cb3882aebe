import { parsePath, type PathSegment } from '../core/json-path.js';
import { stringifyJson } from '../core/stringify-json.js';
import { isMatcherObject } from '../matchers/index.js';
import type { CheckOutcome } from './results.js';

/**
 * An error result inside a GraphQL answer's `data`: an object whose `__typename` ends in `Error`
 * (Vendure's `ErrorResult` union members, `InsufficientStockError`, and every API that models
 * expected failures as types, as the GraphQL "errors as data" pattern does).
 */
export interface GraphqlErrorResult {
  /** Where it is, as a path into the step's result: `data.addItemToOrder`. */
  path: string;
  segments: PathSegment[];
  typename: string;
  errorCode?: string;
  message?: string;
}

/** Nodes of `data` looked at, at most: a result is a page of JSON, not a data set. */
const MAX_NODES = 100_000;
/** Error results (and `errors[]` entries) shown in one message. */
const MAX_SHOWN = 3;

/**
 * The error results in `data`, in document order (depth first), each with its path from the
 * step's result (`data.cart.addItem`).
 *
 * @example
 * findErrorResults({ addItemToOrder: { __typename: 'InsufficientStockError', errorCode: 'INSUFFICIENT_STOCK_ERROR' } })
 * // [{ path: 'data.addItemToOrder', typename: 'InsufficientStockError', errorCode: 'INSUFFICIENT_STOCK_ERROR', ... }]
 */
export function findErrorResults(data: unknown): GraphqlErrorResult[] {
  const found: GraphqlErrorResult[] = [];
  let budget = MAX_NODES;
  const visit = (node: unknown, segments: PathSegment[]): void => {
    if (--budget < 0 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...segments, i]));
      return;
    }
    const record = node as Record<string, unknown>;
    const typename = record.__typename;
    if (typeof typename === 'string' && typename.endsWith('Error')) {
      found.push({
        path: pathText(segments),
        segments,
        typename,
        ...(record.errorCode !== undefined ? { errorCode: String(record.errorCode) } : {}),
        ...(record.message !== undefined ? { message: String(record.message) } : {}),
      });
      return;
    }
    for (const [key, value] of Object.entries(record)) visit(value, [...segments, key]);
  };
  visit(data, ['data']);
  return found;
}

/**
 * The paths a step reads: each `expect` key (and, through a literal object, each key it lists:
 * `data: { addItemToOrder: { errorCode: X } }` reads `data.addItemToOrder.errorCode`), and each
 * `save` path. `$.` and a leading `body.` before `data`/`errors` are dropped, so `body.data.x`,
 * `$.data.x` and `data.x` are the same path.
 */
export function readPaths(
  expect: Readonly<Record<string, unknown>> | undefined,
  save: Readonly<Record<string, string>> | undefined,
): PathSegment[][] {
  const out: PathSegment[][] = [];
  const add = (segments: PathSegment[], value: unknown, depth: number) => {
    out.push(segments);
    if (depth > 20 || !value || typeof value !== 'object' || isMatcherObject(value)) return;
    if (Array.isArray(value)) value.forEach((item, i) => add([...segments, i], item, depth + 1));
    else for (const [key, item] of Object.entries(value)) add([...segments, key], item, depth + 1);
  };
  for (const [key, value] of Object.entries(expect ?? {})) {
    if (key === 'schema' || key === 'maxDuration') continue;
    const parsed = parsePath(key);
    if (parsed.ok) add(normalized(parsed.segments), value, 0);
  }
  for (const path of Object.values(save ?? {})) {
    const parsed = typeof path === 'string' ? parsePath(path) : undefined;
    if (parsed?.ok) out.push(normalized(parsed.segments));
  }
  return out;
}

/** `body.data.x` → `data.x`: the GraphQL result's `data` and `errors` are also under `body`. */
function normalized(segments: PathSegment[]): PathSegment[] {
  return segments[0] === 'body' && (segments[1] === 'data' || segments[1] === 'errors') ? segments.slice(1) : segments;
}

/** A read path names `target` when it is the target's path or a path inside it (`[*]` matches any index). */
function names(read: readonly PathSegment[], target: readonly PathSegment[]): boolean {
  if (read.length < target.length) return false;
  return target.every((segment, i) => {
    const r = read[i];
    return r === segment || (typeof r === 'object' && typeof segment === 'number');
  });
}

/**
 * The GraphQL rule for answers the step did not ask for, as `unexpectedStatusCheck` is for
 * statuses: a non-empty `errors[]` fails the step unless the step reads `errors` (in `expect`
 * or `save`); an error result in `data` (see `findErrorResults`) fails it unless the step reads
 * that object or a path inside it (`data.addItemToOrder`, `data.addItemToOrder.errorCode`,
 * `data.addItemToOrder.__typename`, or a literal that lists them). The failure shows the path,
 * the `__typename`, the `errorCode` and the `message`, and how to accept it.
 * `failOnGraphqlErrors: false` in rehearse.config.yaml turns the rule off for a project.
 *
 * @returns failed checks (`matcher: 'graphql'` for `errors[]`, `'graphqlErrorResult'` for an error
 * result), empty when the answer is accepted.
 */
export function graphqlErrorChecks(options: {
  /** The answer's `data` (undefined when it has none). */
  data: unknown;
  /** The answer's `errors`, as sent. */
  errors: readonly unknown[];
  expect: Readonly<Record<string, unknown>> | undefined;
  save: Readonly<Record<string, string>> | undefined;
  /** Config `failOnGraphqlErrors` (default true). */
  enabled: boolean;
}): CheckOutcome[] {
  if (!options.enabled) return [];
  const read = readPaths(options.expect, options.save);
  const checks: CheckOutcome[] = [];
  if (options.errors.length > 0 && !read.some((r) => names(r, ['errors']))) checks.push(errorsCheck(options.errors));
  const unread = findErrorResults(options.data).filter((e) => !read.some((r) => names(r, e.segments)));
  checks.push(...unread.slice(0, MAX_SHOWN).map(errorResultCheck));
  if (unread.length > MAX_SHOWN) {
    const last = checks.at(-1)!;
    checks[checks.length - 1] = {
      ...last,
      message: `${last.message} (and ${unread.length - MAX_SHOWN} more error results)`,
    };
  }
  return checks;
}

function errorResultCheck(error: GraphqlErrorResult): CheckOutcome {
  const shown = `${error.typename}${error.errorCode !== undefined ? ` (errorCode ${error.errorCode})` : ''}${
    error.message !== undefined ? `: ${JSON.stringify(error.message)}` : ''
  }`;
  const accept =
    error.errorCode !== undefined
      ? `"${error.path}.errorCode": ${error.errorCode}`
      : `"${error.path}.__typename": ${error.typename}`;
  return {
    path: error.path,
    matcher: 'graphqlErrorResult',
    expected: 'a result that is not an error (or an expect on it)',
    actual: {
      __typename: error.typename,
      ...(error.errorCode !== undefined ? { errorCode: error.errorCode } : {}),
      ...(error.message !== undefined ? { message: error.message } : {}),
    },
    passed: false,
    message:
      `GraphQL answered an error result at ${error.path}: ${shown}. ` +
      `An object whose __typename ends in "Error" fails the step unless the step reads it (in expect or save): ` +
      `add \`expect: { ${accept} }\` to accept it (or set failOnGraphqlErrors: false in rehearse.config.yaml).`,
  };
}

function errorsCheck(errors: readonly unknown[]): CheckOutcome {
  const described = errors.slice(0, MAX_SHOWN).map(describeError);
  const more = errors.length > MAX_SHOWN ? `; and ${errors.length - MAX_SHOWN} more` : '';
  return {
    path: 'errors',
    matcher: 'graphql',
    expected: [],
    actual: errors.map((e) => (e && typeof e === 'object' && 'message' in e ? String(e.message) : stringifyJson(e))),
    passed: false,
    message:
      `GraphQL returned ${errors.length} error(s): ${described.join('; ')}${more}. ` +
      `errors[] fails the step unless the step reads it (in expect or save): ` +
      `add \`expect: { errors: { length: ${errors.length} } }\` to accept them (or set failOnGraphqlErrors: false in rehearse.config.yaml).`,
  };
}

/** `message (at addItemToOrder.lines[0], code BAD_USER_INPUT)`, from the GraphQL spec's error fields. */
function describeError(error: unknown): string {
  if (!error || typeof error !== 'object') return stringifyJson(error) ?? String(error);
  const { message, path, extensions } = error as { message?: unknown; path?: unknown; extensions?: unknown };
  const text = message !== undefined ? String(message) : (stringifyJson(error) ?? '');
  const where = Array.isArray(path) ? pathText(path.filter((p) => typeof p === 'string' || typeof p === 'number')) : '';
  const code =
    extensions && typeof extensions === 'object' && 'code' in extensions ? String(extensions.code) : undefined;
  const notes = [where ? `at ${where}` : '', code ? `code ${code}` : ''].filter(Boolean);
  return notes.length ? `${text} (${notes.join(', ')})` : text;
}

/** Segments as a path a user writes: `data.cart["a.b"].items[0]`. */
function pathText(segments: readonly PathSegment[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'object') text += '[*]';
    else if (/^[\p{L}\p{N}\p{M}_$-]+$/u.test(segment) && !(text === '' && segment === '$'))
      text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
