import { isLoop, triggerOf, type LoopEntry, type SetDef, type StructureEntry } from '../definitions/model.js';
import type { Segment } from '../types.js';

/** One iteration of a loop, as segment indexes into `set.segments` (ST is 0). */
export interface LoopInstance {
  loop: string;
  start: number;
  /** Index of the last segment in this iteration. */
  end: number;
  parent?: LoopInstance;
}

/** A structural finding; `ack` is the AK304 segment syntax error code. */
export interface StructureFinding {
  code: string;
  ack: string;
  severity: 'error' | 'warning';
  /** Index into the segments array where it was noticed. */
  index: number;
  /** The segment id the finding is about (the missing one, for a missing segment). */
  segmentId: string;
  message: string;
}

export interface SetStructure {
  findings: StructureFinding[];
  loops: LoopInstance[];
}

interface Frame {
  entries: readonly StructureEntry[];
  /** Index of the last matched entry; -1 before the first match. */
  index: number;
  counts: number[];
  loop?: LoopEntry;
  instance?: LoopInstance;
}

/**
 * Walks a set's segments (ST … SE) against its structure the way X12 translators do:
 * look ahead in the current loop, start a new iteration on the loop's trigger segment,
 * otherwise close the loop and look in the enclosing one. Records loop iterations (for
 * queries scoped to a loop) and reports missing, repeated, misplaced and unknown segments.
 */
export function readSetStructure(segments: readonly Segment[], def: SetDef): SetStructure {
  const findings: StructureFinding[] = [];
  const loops: LoopInstance[] = [];
  const stack: Frame[] = [{ entries: def.entries, index: -1, counts: def.entries.map(() => 0) }];
  const known = collectIds(def.entries);
  const last = segments.length - 1;
  const body = segments[last]?.id === 'SE' ? last : segments.length;

  const missing = (frame: Frame, from: number, to: number, at: number): void => {
    for (let k = from; k < to; k++) {
      const entry = frame.entries[k]!;
      if (entry.req === 'M' && frame.counts[k] === 0) {
        const id = triggerOf(entry);
        findings.push({
          code: 'EDI_SEGMENT_MISSING',
          ack: '3',
          severity: 'error',
          index: at,
          segmentId: id,
          message: `Mandatory ${isLoop(entry) ? `loop ${entry.loop} (segment ${id})` : `segment ${id}`} is missing${frame.loop ? ` in loop ${frame.loop.loop}` : ''}.`,
        });
      }
    }
  };

  for (let i = segments[0]?.id === 'ST' ? 1 : 0; i < body; i++) {
    const segment = segments[i]!;
    const id = segment.id;
    let depth = stack.length - 1;
    let match: { depth: number; k: number; newIteration: boolean } | undefined;
    for (; depth >= 0 && !match; depth--) {
      const frame = stack[depth]!;
      const k = findForward(frame, id);
      if (k !== -1) match = { depth, k, newIteration: false };
      else if (frame.loop && triggerOf(frame.loop) === id) match = { depth, k: 0, newIteration: true };
    }
    if (!match) {
      const misplaced = known.has(id);
      findings.push({
        code: misplaced ? 'EDI_SEGMENT_OUT_OF_ORDER' : 'EDI_SEGMENT_NOT_IN_SET',
        ack: misplaced ? '7' : '2',
        severity: misplaced ? 'error' : 'warning',
        index: i,
        segmentId: id,
        message: misplaced
          ? `Segment ${id} is out of order: it is not expected after ${segments[i - 1]?.id ?? 'ST'} here.`
          : `Segment ${id} is not part of the ${def.id} structure Rehearse knows.`,
      });
      extend(stack, i);
      continue;
    }
    // Close the loops we leave, reporting what they still lacked.
    while (stack.length - 1 > match.depth) {
      const frame = stack.pop()!;
      missing(frame, frame.index + 1, frame.entries.length, i);
    }
    const frame = stack[match.depth]!;
    if (match.newIteration) {
      missing(frame, frame.index + 1, frame.entries.length, i);
      const parent = stack[match.depth - 1]!;
      parent.counts[parent.index] = (parent.counts[parent.index] ?? 0) + 1;
      if (parent.counts[parent.index]! > frame.loop!.max) {
        findings.push({
          code: 'EDI_LOOP_TOO_MANY',
          ack: '4',
          severity: 'error',
          index: i,
          segmentId: id,
          message: `Loop ${frame.loop!.loop} repeats more than ${frame.loop!.max} times.`,
        });
      }
      frame.counts = frame.entries.map((_, k) => (k === 0 ? 1 : 0));
      frame.index = 0;
      frame.instance = openInstance(loops, frame.loop!.loop, i, stack[match.depth - 1]?.instance);
      extend(stack, i);
      continue;
    }
    missing(frame, frame.index + 1, match.k, i);
    const entry = frame.entries[match.k]!;
    frame.counts[match.k] = (frame.counts[match.k] ?? 0) + 1;
    frame.index = match.k;
    if (isLoop(entry)) {
      if (frame.counts[match.k]! > entry.max) {
        findings.push({
          code: 'EDI_LOOP_TOO_MANY',
          ack: '4',
          severity: 'error',
          index: i,
          segmentId: id,
          message: `Loop ${entry.loop} repeats more than ${entry.max} times.`,
        });
      }
      const instance = openInstance(loops, entry.loop, i, frame.instance);
      stack.push({
        entries: entry.entries,
        index: 0,
        counts: entry.entries.map((_, k) => (k === 0 ? 1 : 0)),
        loop: entry,
        instance,
      });
      // A loop whose trigger is itself a loop (rare) is entered one level at a time.
      let inner = entry.entries[0];
      while (inner && isLoop(inner)) {
        const top = stack[stack.length - 1]!;
        const nested = openInstance(loops, inner.loop, i, top.instance);
        stack.push({
          entries: inner.entries,
          index: 0,
          counts: inner.entries.map((_, k) => (k === 0 ? 1 : 0)),
          loop: inner,
          instance: nested,
        });
        inner = inner.entries[0];
      }
    } else if (frame.counts[match.k]! > entry.max) {
      findings.push({
        code: 'EDI_SEGMENT_TOO_MANY',
        ack: '5',
        severity: 'error',
        index: i,
        segmentId: id,
        message: `Segment ${id} appears more than ${entry.max} time(s) here.`,
      });
    }
    extend(stack, i);
  }
  for (let depth = stack.length - 1; depth >= 0; depth--) {
    const frame = stack[depth]!;
    missing(frame, frame.index + 1, frame.entries.length, body);
  }
  return { findings, loops };
}

/** Index of the entry matching `id` at or after the frame's position, or -1. */
function findForward(frame: Frame, id: string): number {
  // Inside a loop, the trigger (entry 0) starts a new iteration instead of repeating.
  const from = frame.loop ? Math.max(frame.index, 1) : Math.max(frame.index, 0);
  for (let k = from; k < frame.entries.length; k++) {
    const entry = frame.entries[k]!;
    if (isLoop(entry) ? triggerOf(entry) === id : entry.segment === id) return k;
  }
  return -1;
}

function openInstance(
  loops: LoopInstance[],
  loop: string,
  start: number,
  parent: LoopInstance | undefined,
): LoopInstance {
  const instance: LoopInstance = { loop, start, end: start };
  if (parent) instance.parent = parent;
  loops.push(instance);
  return instance;
}

function extend(stack: readonly Frame[], index: number): void {
  for (const frame of stack) if (frame.instance) frame.instance.end = index;
}

function collectIds(entries: readonly StructureEntry[], into = new Set<string>()): Set<string> {
  for (const entry of entries) {
    if (isLoop(entry)) collectIds(entry.entries, into);
    else into.add(entry.segment);
  }
  return into;
}
