import { suggestionHint } from '../core/did-you-mean.js';
import { isLoop, type SetDef, type StructureEntry } from '../edi/x12/definitions/model.js';
import { SEGMENTS } from '../edi/x12/definitions/segments/index.js';
import { SETS } from '../edi/x12/definitions/sets/index.js';
import { isDynamic, report, type CheckContext, type Segment } from './check-context.js';

/** X12 segment ids: two or three upper-case letters or digits, starting with a letter (X12.6). */
const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

/** Envelope segments `edi.send` writes itself around the segments it is given. */
const ENVELOPE = new Set(['ISA', 'IEA', 'GS', 'GE', 'ST', 'SE']);

const segmentsBySet = new Map<string, ReadonlySet<string>>();

/** Every segment id a transaction set's structure defines (heading, loops, summary). */
export function segmentIdsOf(set: SetDef): ReadonlySet<string> {
  let ids = segmentsBySet.get(set.id);
  if (!ids) {
    const out = new Set<string>();
    const walk = (entries: readonly StructureEntry[]) => {
      for (const entry of entries) {
        if (isLoop(entry)) walk(entry.entries);
        else out.add(entry.segment);
      }
    };
    walk(set.entries);
    ids = out;
    segmentsBySet.set(set.id, ids);
  }
  return ids;
}

/**
 * Checks what a segment list says on its own: every segment id is an X12 id
 * (`REHEARSE_EDI_INVALID_SEGMENT_ID`), in both the array form (`[BEG, …]`) and the
 * object form (`{ id: BEG }`, whose pattern the schema already checks).
 */
export function checkSegmentIds(segments: unknown, path: readonly Segment[], ctx: CheckContext): void {
  forEachSegment(segments, path, (id, idPath) => {
    if (!SEGMENT_ID.test(id)) reportInvalidId(id, idPath, ctx);
  });
}

/**
 * Checks a segment list against the dictionary of the set `setId` it is sent as
 * (`src/edi/x12/definitions`, X12 004010): the set defines each segment
 * (`REHEARSE_EDI_SEGMENT_NOT_IN_SET`), the envelope is not written by hand
 * (`REHEARSE_EDI_ENVELOPE_SEGMENT`), and no segment has more elements than its definition
 * (`REHEARSE_EDI_TOO_MANY_ELEMENTS`). Sets without a definition get only the id check
 * (skipped with `idsChecked`, for a template whose ids `checkSegmentIds` already checked).
 */
export function checkSegmentsForSet(
  segments: unknown,
  path: readonly Segment[],
  setId: string,
  ctx: CheckContext,
  options: { idsChecked?: boolean } = {},
): void {
  const set = SETS.get(setId);
  forEachSegment(segments, path, (id, idPath, elementCount, elementPath) => {
    if (!SEGMENT_ID.test(id)) {
      if (!options.idsChecked) reportInvalidId(id, idPath, ctx, set);
      return;
    }
    if (!set) return;
    if (ENVELOPE.has(id)) {
      report(ctx, idPath, {
        code: 'REHEARSE_EDI_ENVELOPE_SEGMENT',
        message: `Segment ${id} is part of the envelope, which edi.send writes itself.`,
        expected: `the segments between ST and SE of the ${set.id} ${set.name}`,
        hint: 'Remove it; set envelope values (sender, receiver, version, control numbers) under "envelope:".',
      });
      return;
    }
    const defined = segmentIdsOf(set);
    if (!defined.has(id)) {
      report(ctx, idPath, {
        code: 'REHEARSE_EDI_SEGMENT_NOT_IN_SET',
        message: SEGMENTS.has(id)
          ? `Segment ${id} (${SEGMENTS.get(id)!.name}) is not part of the ${set.id} ${set.name}.`
          : `Unknown segment ${id}: the ${set.id} ${set.name} defines no segment of that id.`,
        expected: `a segment of the ${set.id}: ${[...defined].join(', ')}`,
        hint: suggestionHint(id, [...defined], 'segment'),
      });
      return;
    }
    const definition = SEGMENTS.get(id);
    if (!definition || definition.open || elementCount <= definition.elements.length) return;
    const max = definition.elements.length;
    report(ctx, elementPath(max + 1), {
      code: 'REHEARSE_EDI_TOO_MANY_ELEMENTS',
      message: `Segment ${id} has ${elementCount} elements; its definition has ${max} (${id}01 to ${id}${String(max).padStart(2, '0')}).`,
      expected: `at most ${max} elements after the segment id`,
      hint: `Remove the elements after ${id}${String(max).padStart(2, '0')}, or check that the segment id is the one meant.`,
    });
  });
}

type Visit = (
  id: string,
  idPath: Segment[],
  elementCount: number,
  elementPath: (position: number) => Segment[],
) => void;

/** Calls `visit` for each segment with a literal id, in either form. */
function forEachSegment(segments: unknown, path: readonly Segment[], visit: Visit): void {
  if (!Array.isArray(segments)) return;
  segments.forEach((segment, i) => {
    const at = [...path, i];
    if (Array.isArray(segment)) {
      const id: unknown = segment[0];
      if (typeof id !== 'string' || isDynamic(id)) return;
      visit(id, [...at, 0], segment.length - 1, (position) => [...at, position]);
      return;
    }
    if (!segment || typeof segment !== 'object') return;
    const record = segment as Record<string, unknown>;
    if (typeof record.id !== 'string' || isDynamic(record.id)) return;
    const positions = Object.keys(record)
      .filter((k) => /^[0-9]{2}$/.test(k))
      .map(Number);
    const listed = Array.isArray(record.elements) ? record.elements.length : 0;
    const count = Math.max(listed, ...positions, 0);
    visit(record.id, [...at, 'id'], count, (position) => {
      const key = String(position).padStart(2, '0');
      if (Object.hasOwn(record, key)) return [...at, key];
      return listed >= position ? [...at, 'elements', position - 1] : [...at, String(Math.max(...positions))];
    });
  });
}

function reportInvalidId(id: string, idPath: Segment[], ctx: CheckContext, set?: SetDef): void {
  const candidates = set ? [...segmentIdsOf(set)] : [...SEGMENTS.keys()];
  report(ctx, idPath, {
    code: 'REHEARSE_EDI_INVALID_SEGMENT_ID',
    message: `Invalid segment id "${id}": an X12 segment id is 2 or 3 upper-case letters or digits, starting with a letter.`,
    expected: 'a segment id such as BEG, N1 or PO1',
    hint: suggestionHint(id.toUpperCase(), candidates, 'segment'),
  });
}
