/**
 * Property paths shared by `save`, `expect` and expressions:
 * `a.b`, `lines[0].qty`, `["key with spaces"]`, `headers.content-type`, `body.größe`,
 * the wildcard `lines[*].qty` (all values), and `$`, the whole result (`$.body` is `body`,
 * `$[0]` the first item of a result that is a list; a key named `$` is `["$"]`), as JSONPath
 * (RFC 9535) names the root.
 *
 * Bare segments are letters and digits of any script, `_`, `$` and `-` (header names have
 * them). Any other key goes in quotes inside brackets, `["a]b"]`, `['x.y']`, with `\` before
 * a quote of the same kind or a backslash (`["say \"hi\""]`); `\n`, `\t` and `\uXXXX` as in JSON.
 * Keys match exactly (case-sensitive), except header names under a `headers` object.
 */
export type PathSegment = string | number | { wildcard: true };

/** A parsed path, or why it is malformed and at which character (0-based offset into the text). */
export type ParsedPath = { ok: true; segments: PathSegment[] } | { ok: false; message: string; offset: number };

const BARE = /[\p{L}\p{N}\p{M}_$-]/u;
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '/': '/',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/**
 * Parses a path; a malformed one is `{ ok: false }` with a message and the offset of the
 * character at fault (the loader turns it into `REHEARSE_INVALID_PATH` at file:line:col).
 *
 * @example
 * parsePath('body["a]b"].qty') // { ok: true, segments: ['body', 'a]b', 'qty'] }
 * parsePath('$')               // { ok: true, segments: [] } (the whole result)
 * parsePath('body..qty')       // { ok: false, message: 'empty name between two "."', offset: 5 }
 */
export function parsePath(text: string): ParsedPath {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (message: string, offset = i): ParsedPath => ({ ok: false, message, offset });
  if (text.trim() === '') return fail('empty path', 0);
  // After a segment: ".", "[" or the end.
  let afterSegment = false;
  if (text[0] === '$' && (text.length === 1 || text[1] === '.' || text[1] === '[')) {
    // The root itself: no segment, and what follows reads from it.
    i = 1;
    afterSegment = true;
  }
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '.') {
      if (!afterSegment) return fail(i === 0 ? 'a path cannot start with "."' : 'empty name between two "."');
      if (i === text.length - 1) return fail('a path cannot end with "."');
      i++;
      afterSegment = false;
      // `a.[0]` is read as `a[0]`, as before.
      if (text[i] === '[') continue;
      if (!BARE.test(text[i]!)) return fail(text[i] === '.' ? 'empty name between two "."' : unexpected(text, i));
      continue;
    }
    if (ch === '[') {
      const bracket = readBracket(text, i);
      if (!bracket.ok) return bracket;
      segments.push(bracket.segment);
      i = bracket.end;
      afterSegment = true;
      continue;
    }
    if (afterSegment)
      return fail(`expected ".", "[" or the end of the path, got ${ch.trim() === '' ? 'a space' : `"${ch}"`}`);
    if (!BARE.test(ch)) return fail(unexpected(text, i));
    let end = i;
    while (end < text.length && BARE.test(text[end]!)) end++;
    segments.push(text.slice(i, end));
    i = end;
    afterSegment = true;
  }
  return { ok: true, segments };
}

function unexpected(text: string, at: number): string {
  const ch = String.fromCodePoint(text.codePointAt(at)!);
  return ch.trim() === '' ? `unexpected space` : `unexpected "${ch}" (put such a key in quotes: ["..."])`;
}

/** `[0]`, `[*]`, `["key"]` or `['key']` starting at `open`; `end` is the offset after `]`. */
function readBracket(
  text: string,
  open: number,
): { ok: true; segment: PathSegment; end: number } | { ok: false; message: string; offset: number } {
  let i = open + 1;
  const skipSpaces = () => {
    while (text[i] === ' ') i++;
  };
  skipSpaces();
  const q = text[i];
  let segment: PathSegment;
  if (q === '"' || q === "'") {
    const quoteAt = i;
    let key = '';
    i++;
    for (;;) {
      if (i >= text.length) return { ok: false, message: `unclosed quote ${q}`, offset: quoteAt };
      const c = text[i]!;
      if (c === q) break;
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          key += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (next === undefined || ESCAPES[next] === undefined)
          return { ok: false, message: `unknown escape "\\${next ?? ''}" (write \\\\ for a backslash)`, offset: i };
        key += ESCAPES[next];
        i += 2;
        continue;
      }
      key += c;
      i++;
    }
    i++;
    segment = key;
  } else {
    const start = i;
    while (i < text.length && text[i] !== ']' && text[i] !== ' ') i++;
    const inner = text.slice(start, i);
    if (inner === '*') segment = { wildcard: true };
    else if (/^\d+$/.test(inner) && Number.isSafeInteger(Number(inner))) segment = Number(inner);
    else if (i >= text.length && !inner) return { ok: false, message: 'unclosed "["', offset: open };
    else
      return {
        ok: false,
        message: `expected a number, * or a quoted key inside [], got "${inner}"`,
        offset: start,
      };
  }
  skipSpaces();
  if (i >= text.length) return { ok: false, message: 'unclosed "["', offset: open };
  if (text[i] !== ']') return { ok: false, message: `expected "]", got "${text[i]}"`, offset: i };
  return { ok: true, segment, end: i + 1 };
}

/** Result of reading a path: `found` is false when any segment is missing. */
export interface PathValue {
  found: boolean;
  value: unknown;
}

/**
 * Reads `path` from `root`. A wildcard collects every element (and the path
 * then always yields an array of the values found). Keys match exactly and only
 * own properties are read (`constructor` is a key like any other, never the prototype's); under
 * an object reached by a key `headers`, a name also matches case-insensitively, as HTTP header
 * names do (RFC 9110 §5.1). A malformed path reads nothing (the loader refuses it first).
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
  return walk(root, segments, 0, false);
}

function walk(node: unknown, segments: readonly PathSegment[], index: number, headers: boolean): PathValue {
  if (index === segments.length) return { found: true, value: node };
  const segment = segments[index]!;
  if (typeof segment === 'object') {
    if (!Array.isArray(node)) return { found: false, value: undefined };
    const values = node
      .map((item) => walk(item, segments, index + 1, false))
      .filter((r) => r.found)
      .map((r) => r.value);
    return { found: true, value: values };
  }
  if (node === null || typeof node !== 'object') return { found: false, value: undefined };
  if (typeof segment === 'number') {
    if (!Array.isArray(node) || segment >= node.length) return { found: false, value: undefined };
    return walk(node[segment], segments, index + 1, false);
  }
  if (Array.isArray(node)) return { found: false, value: undefined };
  let key: string | undefined = Object.hasOwn(node, segment) ? segment : undefined;
  if (key === undefined && headers) key = Object.keys(node).find((k) => k.toLowerCase() === segment.toLowerCase());
  if (key === undefined) return { found: false, value: undefined };
  // `key` is the object's own (checked above), so reading it never reaches the prototype; a
  // plain read also runs an own getter (a response's `bodyBase64` is computed when read).
  const value = (node as Record<string, unknown>)[key];
  return walk(value, segments, index + 1, key.toLowerCase() === 'headers');
}

/** Keys that exist at the deepest reachable point of `path`, for "did you mean" messages. */
export function keysNear(root: unknown, path: string): string[] {
  const parsed = parsePath(path);
  if (!parsed.ok) return [];
  let node = root;
  let headers = false;
  for (const segment of parsed.segments) {
    const next = walk(node, [segment], 0, headers);
    if (!next.found) break;
    node = next.value;
    headers = typeof segment === 'string' && segment.toLowerCase() === 'headers';
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
  let headers = false;
  for (const segment of parsed.segments) {
    if (typeof segment === 'object') return { reached, value: node, complete: false };
    const next = walk(node, [segment], 0, headers);
    headers = typeof segment === 'string' && segment.toLowerCase() === 'headers';
    if (!next.found) return { reached, value: node, complete: false };
    node = next.value;
    reached +=
      typeof segment === 'number'
        ? `[${segment}]`
        : !/^[\p{L}\p{N}\p{M}_$-]+$/u.test(segment)
          ? `[${JSON.stringify(segment)}]`
          : reached === ''
            ? segment
            : `.${segment}`;
  }
  return { reached, value: node, complete: true };
}
