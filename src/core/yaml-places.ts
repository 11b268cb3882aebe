import type { SourcePosition } from './diagnostic.js';

/**
 * Where a parsed value sits in its file, as offsets into the text: a scalar's start, or a
 * collection's start with its children's places (a mapping's keys as `keyText` reads them, in
 * file order). What `YamlSource.locate` reads when the file was composed without a Document
 * (see `composeFromSyntax`).
 */
export type Place = number | MapPlace | SeqPlace;

export interface MapPlace {
  start: number;
  keys: string[];
  keyStarts: number[];
  values: Place[];
}

export interface SeqPlace {
  start: number;
  items: Place[];
}

/** Mappings up to this many keys are searched by a scan; larger ones get an index (as the Document locator does). */
const SCAN_KEYS = 16;

/**
 * `YamlSource.locate` over places: the position of the value at `path` (with `key: true`, of
 * the key naming it), or of the closest existing ancestor. The same answers as the locator over
 * a composed Document, for the files `composeFromSyntax` accepts.
 *
 * @example
 * placeLocator(composed.place, position)(['steps', 0, 'do']); // { file, line: 2, column: 9 }
 */
export function placeLocator(
  root: Place,
  position: (offset: number) => SourcePosition,
): (path: ReadonlyArray<string | number>, options?: { key?: boolean }) => SourcePosition {
  const indexes = new WeakMap<MapPlace, Map<string, number>>();
  const keyIndex = (map: MapPlace, key: string): number => {
    if (map.keys.length <= SCAN_KEYS) return map.keys.indexOf(key);
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (let i = 0; i < map.keys.length; i++) if (!index.has(map.keys[i]!)) index.set(map.keys[i]!, i);
      indexes.set(map, index);
    }
    return index.get(key) ?? -1;
  };
  return (path, options = {}) => {
    let node = root;
    let best = startOf(node);
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      if (typeof node === 'number') break;
      if ('keys' in node) {
        const at = keyIndex(node, String(segment));
        if (at < 0) break;
        if (i === path.length - 1 && options.key) return position(node.keyStarts[at]!);
        node = node.values[at]!;
      } else if (typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        node = item;
      } else break;
      best = startOf(node);
    }
    return position(best);
  };
}

function startOf(place: Place): number {
  return typeof place === 'number' ? place : place.start;
}
