import { RehearseError } from '../../core/errors.js';
import { evaluatePath, selectSegments, type PathAccessor, type QueryValue } from '../query/evaluate-path.js';
import { parseX12Path, PATH_SYNTAX, type ParsedPath } from '../query/path.js';
import { SETS } from './definitions/sets/index.js';
import type { Delimiters, FunctionalGroup, Interchange, ParseX12Result, Segment, TransactionSet } from './types.js';
import { readSetStructure, type LoopInstance } from './validate/read-structure.js';

/** Anything queries can look into. */
export type X12QueryTarget =
  TransactionSet | FunctionalGroup | Interchange | ParseX12Result | readonly Interchange[] | readonly Segment[];

/**
 * Reads values out of X12 for assertions. Paths: `BEG03`; every match `PO1[*].02`;
 * qualifier filter `N1[01=ST].02`; n-th match, 0-based, `PO1[1].02`; composite component,
 * 1-based, `PO103-1` (or `PO1.03-1`); inside a loop `PO1[0]>PID.05`; `count(PO1)`;
 * `sum(PO1[*].02)`. Throws `REHEARSE_EDI_QUERY_INVALID` for a path it cannot read.
 *
 * @example
 * queryX12(set, 'BEG03'); // 'PO123'
 * queryX12(set, 'N1[01=ST].02'); // 'XYZ RETAIL'
 * queryX12(set, 'PO1[*].02'); // ['120', '220']
 * queryX12(set, 'sum(PO1[*].02)'); // 340
 */
export function queryX12(target: X12QueryTarget, path: string): QueryValue {
  const parsed = compile(path);
  const { segments, accessor } = prepare(target);
  return evaluatePath(parsed, segments, accessor);
}

/**
 * The segments a path selects (its element part is ignored).
 *
 * @example
 * querySegments(set, 'PO1[*]').length; // 6
 */
export function querySegments(target: X12QueryTarget, path: string): Segment[] {
  const parsed = compile(path);
  const { segments, accessor } = prepare(target);
  return selectSegments({ ...parsed, many: parsed.many || parsed.fn !== undefined }, segments, accessor);
}

function compile(path: string): ParsedPath {
  const parsed = parseX12Path(path);
  if (!parsed.ok) {
    throw new RehearseError('REHEARSE_EDI_QUERY_INVALID', `Failed to read the X12 path: ${parsed.message}.`, {
      hint: `Paths look like ${PATH_SYNTAX}.`,
    });
  }
  return parsed.path;
}

interface Placement {
  set: TransactionSet;
  index: number;
}

function prepare(target: X12QueryTarget): { segments: Segment[]; accessor: PathAccessor<Segment> } {
  const segments: Segment[] = [];
  const placement = new Map<Segment, Placement>();
  const delimiters = new Map<Segment, Delimiters>();
  const addSet = (set: TransactionSet): void => {
    set.segments.forEach((segment, index) => {
      segments.push(segment);
      placement.set(segment, { set, index });
      delimiters.set(segment, set.delimiters);
    });
  };
  const addGroup = (group: FunctionalGroup, own?: Delimiters): void => {
    segments.push(group.header);
    const d = own ?? group.sets[0]?.delimiters;
    if (d) for (const s of [group.header, ...(group.trailer ? [group.trailer] : [])]) delimiters.set(s, d);
    group.sets.forEach(addSet);
    if (group.trailer) segments.push(group.trailer);
  };
  const addInterchange = (interchange: Interchange): void => {
    const own = [
      interchange.header,
      ...interchange.serviceSegments,
      ...interchange.ta1s,
      ...(interchange.trailer ? [interchange.trailer] : []),
    ];
    for (const s of own) delimiters.set(s, interchange.delimiters);
    segments.push(interchange.header, ...interchange.serviceSegments, ...interchange.ta1s);
    interchange.groups.forEach((g) => addGroup(g, interchange.delimiters));
    if (interchange.trailer) segments.push(interchange.trailer);
  };
  if (Array.isArray(target)) {
    for (const item of target as ReadonlyArray<Interchange | Segment>) {
      if ('elements' in item) segments.push(item);
      else addInterchange(item);
    }
  } else if ('interchanges' in target) target.interchanges.forEach(addInterchange);
  else if ('groups' in target) addInterchange(target);
  else if ('sets' in target) addGroup(target);
  else addSet(target as TransactionSet);

  const loopsCache = new Map<TransactionSet, LoopInstance[]>();
  const accessor: PathAccessor<Segment> = {
    id: (s) => s.id,
    value: (s, element, component) => {
      const raw = s.elements[element];
      if (raw === undefined || component === undefined) return raw;
      return raw.split(delimiters.get(s)?.component ?? '>')[component - 1];
    },
    firstComponent: (s, element) => s.elements[element]?.split(delimiters.get(s)?.component ?? '>')[0],
    scope: (s) => {
      const place = placement.get(s);
      if (!place) return [];
      const { set, index } = place;
      const def = SETS.get(set.id);
      if (def) {
        let loops = loopsCache.get(set);
        if (!loops) {
          loops = readSetStructure(set.segments, def).loops;
          loopsCache.set(set, loops);
        }
        const own = loops.filter((l) => l.start === index && l.loop === s.id).pop();
        if (own) return set.segments.slice(index + 1, own.end + 1);
      }
      // No definition: up to the next segment with the same id.
      const next = set.segments.findIndex((other, i) => i > index && other.id === s.id);
      return set.segments.slice(index + 1, next === -1 ? set.segments.length - 1 : next);
    },
    render: (s) => s.elements.join(delimiters.get(s)?.element ?? '*'),
  };
  return { segments, accessor };
}
