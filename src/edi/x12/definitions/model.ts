/**
 * The shapes of the X12 definitions kept as data under `definitions/`: one segment
 * dictionary and one file per transaction set. Validation code reads these; adding a
 * set means adding a file, not a code branch.
 */
export type Requirement = 'M' | 'O' | 'X';
export type ElementType =
  'ID' | 'AN' | 'R' | 'DT' | 'TM' | 'B' | 'N0' | 'N1' | 'N2' | 'N3' | 'N4' | 'N5' | 'N6' | 'COMPOSITE';

export interface ElementDef {
  /** Data element reference number (shown in AK402). */
  ref?: number;
  req: Requirement;
  type: ElementType;
  min: number;
  max: number;
  /** Valid codes, for ID elements where the code list matters. */
  codes?: readonly string[];
}

export interface SegmentDef {
  id: string;
  name: string;
  elements: readonly ElementDef[];
  /** Syntax notes such as `P0607` (paired), `R0203` (at least one), `C0504`, `E0102`, `L030405`. */
  notes?: readonly string[];
  /** The definition lists only the leading elements: do not flag extra ones. */
  open?: boolean;
}

export interface SegmentEntry {
  segment: string;
  req: 'M' | 'O';
  max: number;
}

export interface LoopEntry {
  /** Loop id, named after its first (trigger) segment, e.g. `PO1`, `N1`, `HL`. */
  loop: string;
  req: 'M' | 'O';
  max: number;
  entries: readonly StructureEntry[];
}

export type StructureEntry = SegmentEntry | LoopEntry;

export interface SetDef {
  id: string;
  name: string;
  /** GS01 of the group this set travels in. */
  functionalId: string;
  /** The structure between ST and SE. */
  entries: readonly StructureEntry[];
  /** Checks beyond structure and elements, by name (`hl-tree`, `ctt-count:PO1`). */
  checks?: readonly string[];
}

/** Unbounded repeat (">1" in the guides). */
export const MANY = Number.POSITIVE_INFINITY;

/** A segment entry: `seg('BEG', 'M')`, `seg('REF', 'O', MANY)`. */
export function seg(segment: string, req: 'M' | 'O' = 'O', max = 1): SegmentEntry {
  return { segment, req, max };
}

/** A loop entry; its first entry is the trigger segment. */
export function loop(id: string, req: 'M' | 'O', max: number, entries: readonly StructureEntry[]): LoopEntry {
  return { loop: id, req, max, entries };
}

/**
 * Element shorthand as written in implementation guides: `'M ID 2/2 353'` is a mandatory
 * ID element, 2 to 2 characters, data element 353; `'O C C040'` is a composite.
 */
export function el(spec: string, codes?: readonly string[]): ElementDef {
  const [req, type, size, ref] = spec.split(' ');
  if (type === 'C') return { req: req as Requirement, type: 'COMPOSITE', min: 0, max: 0 };
  const [min, max] = (size ?? '1/1').split('/').map(Number);
  const def: ElementDef = { req: req as Requirement, type: type as ElementType, min: min ?? 1, max: max ?? min ?? 1 };
  if (ref !== undefined && ref !== '') def.ref = Number(ref);
  if (codes) def.codes = codes;
  return def;
}

export function isLoop(entry: StructureEntry): entry is LoopEntry {
  return 'loop' in entry;
}

/** The segment id that starts an entry: itself, or a loop's trigger. */
export function triggerOf(entry: StructureEntry): string {
  if (!isLoop(entry)) return entry.segment;
  const first = entry.entries[0];
  return first ? triggerOf(first) : entry.loop;
}

/** Paired notes for qualifier/value pairs from element `from` to `to`: `pairedNotes(6, 25)` → P0607 … P2425. */
export function pairedNotes(from: number, to: number): string[] {
  const out: string[] = [];
  const two = (n: number): string => String(n).padStart(2, '0');
  for (let i = from; i < to; i += 2) out.push(`P${two(i)}${two(i + 1)}`);
  return out;
}
