import { parsePath, type PathSegment } from '../core/json-path.js';

/** Paths parsed so far; cleared past this many (a run's steps use a few hundred at most). */
const MAX_CACHED = 5000;
const cache = new Map<string, readonly PathSegment[] | undefined>();

/**
 * The segments of a path as `parsePath` reads them, parsed once per distinct text: the same
 * `expect` and `save` paths are read on every run of a step. Undefined for a malformed path
 * (`getPath` reads nothing at it, as it does for the text). Treat the segments as read-only.
 *
 * @example
 * getPath(subject, pathSegments('body.lines[0].sku') ?? 'body.lines[0].sku')
 */
export function pathSegments(path: string): readonly PathSegment[] | undefined {
  if (cache.has(path)) return cache.get(path);
  const parsed = parsePath(path);
  if (cache.size >= MAX_CACHED) cache.clear();
  const segments = parsed.ok ? parsed.segments : undefined;
  cache.set(path, segments);
  return segments;
}
