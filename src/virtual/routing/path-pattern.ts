/**
 * A path pattern compiled once into segment matchers: `/tracking/:trackingNumber`,
 * `/messages`, `/files/*`. Matching walks segments instead of running a regular
 * expression per handler per request, which is what makes msw slow behind a server.
 *
 * - `:name` matches one non-empty segment and captures it (decoded);
 * - `*` as the last segment matches the rest of the path (zero or more segments);
 *   anywhere else it matches exactly one segment.
 *
 * @example
 * const p = compilePathPattern('/tracking/:trackingNumber');
 * p.match(splitPath('/tracking/1Z999')) // { trackingNumber: '1Z999' }
 */
export interface PathPattern {
  /** The pattern as written, normalised to start with `/`. */
  readonly source: string;
  /** The first segment when it is a literal (used to index route tables), else undefined. */
  readonly firstLiteral: string | undefined;
  /** Captured params when `segments` match, else undefined. */
  match(segments: readonly string[]): Record<string, string> | undefined;
}

type Part = { kind: 'literal'; text: string } | { kind: 'param'; name: string } | { kind: 'one' } | { kind: 'rest' };

/** Splits a path (no query) into its non-empty segments, without decoding. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let start = path.charCodeAt(0) === 47 ? 1 : 0;
  for (let i = start; i <= path.length; i++) {
    if (i === path.length || path.charCodeAt(i) === 47) {
      if (i > start) out.push(path.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}

/** @see PathPattern */
export function compilePathPattern(pattern: string): PathPattern {
  const source = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const raw = splitPath(source);
  const parts: Part[] = raw.map((segment, index): Part => {
    if (segment === '*') return index === raw.length - 1 ? { kind: 'rest' } : { kind: 'one' };
    if (segment.startsWith(':') && segment.length > 1) return { kind: 'param', name: segment.slice(1) };
    if (segment.startsWith('{') && segment.endsWith('}')) return { kind: 'param', name: segment.slice(1, -1) };
    return { kind: 'literal', text: safeDecode(segment) };
  });
  const hasRest = parts.at(-1)?.kind === 'rest';
  const fixed = hasRest ? parts.length - 1 : parts.length;
  const first = parts[0];
  return {
    source,
    firstLiteral: first?.kind === 'literal' ? first.text : undefined,
    match(segments) {
      if (hasRest ? segments.length < fixed : segments.length !== fixed) return undefined;
      let params: Record<string, string> | undefined;
      for (let i = 0; i < fixed; i++) {
        const part = parts[i]!;
        const segment = segments[i]!;
        if (part.kind === 'literal') {
          if (part.text !== segment && part.text !== safeDecode(segment)) return undefined;
        } else if (part.kind === 'param') {
          (params ??= {})[part.name] = safeDecode(segment);
        }
      }
      return params ?? EMPTY;
    },
  };
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

function safeDecode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
