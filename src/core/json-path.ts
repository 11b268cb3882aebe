/**
 * Property paths shared by `save`, `expect` and expressions:
 * `a.b`, `lines[0].qty`, `["key with spaces"]`, `headers.content-type`,
 * and the wildcard `lines[*].qty` (all values).
 *
 * Bare segments may contain `-` (header names have them); use brackets
 * for anything else.
 */
export type PathSegment = string | number | { wildcard: true };

export type ParsedPath = { ok: true; segments: PathSegment[] } | { ok: false; message: string; offset: number };

const BARE = /[A-Za-z0-9_$-]/;

export function parsePath(text: string): ParsedPath {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (message: string): ParsedPath => ({ ok: false, message, offset: i });
  if (text.trim() === '') return fail('empty path');
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '.') {
      if (i === 0 || i === text.length - 1) return fail('a path cannot start or end with "."');
      i++;
      continue;
    }
    if (ch === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return fail('unclosed "["');
      const inner = text.slice(i + 1, close).trim();
      if (inner === '*') segments.push({ wildcard: true });
      else if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^(['"]).*\1$/.test(inner)) segments.push(inner.slice(1, -1));
      else return fail(`expected a number, * or a quoted key inside [], got "${inner}"`);
      i = close + 1;
      continue;
    }
    if (!BARE.test(ch)) return fail(`unexpected "${ch}"`);
    let end = i;
    while (end < text.length && BARE.test(text[end]!)) end++;
    segments.push(text.slice(i, end));
    i = end;
  }
  return { ok: true, segments };
}

/** Result of reading a path: `found` is false when any segment is missing. */
export interface PathValue {
  found: boolean;
  value: unknown;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Reads `path` from `root`. A wildcard collects every element (and the path
 * then always yields an array of the values found).
 *
 * @example
 * getPath({ lines: [{ qty: 1 }, { qty: 2 }] }, 'lines[*].qty') // { found: true, value: [1, 2] }
 */
export function getPath(root: unknown, path: string | readonly PathSegment[]): PathValue {
  let segments: readonly PathSegment[];
  if (typeof path === 'string') {
    const parsed = parsePath(path);
    if (!parsed.ok) return { found: false, value: undefined };
    segments = parsed.segments;
  } else {
    segments = path;
  }
  return walk(root, segments, 0);
}

function walk(node: unknown, segments: readonly PathSegment[], index: number): PathValue {
  if (index === segments.length) return { found: true, value: node };
  const segment = segments[index]!;
  if (typeof segment === 'object') {
    if (!Array.isArray(node)) return { found: false, value: undefined };
    const values = node
      .map((item) => walk(item, segments, index + 1))
      .filter((r) => r.found)
      .map((r) => r.value);
    return { found: true, value: values };
  }
  if (node === null || typeof node !== 'object') return { found: false, value: undefined };
  if (typeof segment === 'number') {
    if (!Array.isArray(node) || segment >= node.length) return { found: false, value: undefined };
    return walk(node[segment], segments, index + 1);
  }
  if (FORBIDDEN.has(segment) || !Object.prototype.hasOwnProperty.call(node, segment)) {
    // Headers are case-insensitive: fall back to a case-insensitive key match.
    const key = FORBIDDEN.has(segment)
      ? undefined
      : Object.keys(node).find((k) => k.toLowerCase() === segment.toLowerCase());
    if (key === undefined) return { found: false, value: undefined };
    return walk((node as Record<string, unknown>)[key], segments, index + 1);
  }
  return walk((node as Record<string, unknown>)[segment], segments, index + 1);
}

/** Keys that exist at the deepest reachable point of `path`, for "did you mean" messages. */
export function keysNear(root: unknown, path: string): string[] {
  const parsed = parsePath(path);
  if (!parsed.ok) return [];
  let node = root;
  for (const segment of parsed.segments) {
    const next = walk(node, [segment], 0);
    if (!next.found) break;
    node = next.value;
  }
  return node && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : [];
}

/** How far a path reaches: the deepest value found and the path text up to it. */
export interface PathReach {
  /** The path up to the deepest value found (`""` for the root), e.g. `body`. */
  reached: string;
  value: unknown;
  /** The whole path was found. */
  complete: boolean;
}

/**
 * Follows `path` from `root` as far as it goes (stopping at a wildcard), so a
 * failure can say what stood in the way: `body.id` into a body that is an
 * HTML string reaches `body`.
 *
 * @example
 * reachPath({ body: '<html>' }, 'body.id') // { reached: 'body', value: '<html>', complete: false }
 */
export function reachPath(root: unknown, path: string): PathReach {
  const parsed = parsePath(path);
  if (!parsed.ok) return { reached: '', value: root, complete: false };
  let node = root;
  let reached = '';
  for (const segment of parsed.segments) {
    if (typeof segment === 'object') return { reached, value: node, complete: false };
    const next = walk(node, [segment], 0);
    if (!next.found) return { reached, value: node, complete: false };
    node = next.value;
    reached += typeof segment === 'number' ? `[${segment}]` : reached === '' ? segment : `.${segment}`;
  }
  return { reached, value: node, complete: true };
}
