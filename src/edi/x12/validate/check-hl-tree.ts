import type { Segment } from '../types.js';

export interface HlFinding {
  code: string;
  message: string;
  /** Index of the HL segment in the set. */
  index: number;
  /** Element the finding is about (1–4). */
  element: number;
  severity: 'error' | 'warning';
}

/** Which levels may sit directly under which: shipment → order → tare → pack → item. */
const PARENTS: Readonly<Record<string, readonly string[]>> = {
  S: [],
  O: ['S'],
  T: ['S', 'O'],
  P: ['S', 'O', 'T', 'P'],
  I: ['S', 'O', 'T', 'P'],
};

/**
 * The 856 hierarchy: HL01 numbered 1, 2, 3, … in order; HL02 names an HL that exists
 * and comes earlier; one shipment (S) at the root; each level under a legal parent
 * (O under S; T under S/O; P under S/O/T/P; I under S/O/T/P); HL04 agrees with children.
 *
 * @example
 * checkHlTree(set.segments); // [] for S → O → P → I
 */
export function checkHlTree(segments: readonly Segment[]): HlFinding[] {
  const findings: HlFinding[] = [];
  const levels = new Map<string, string>();
  const childCount = new Map<string, number>();
  const hls: Array<{ index: number; id: string; childCode: string }> = [];
  segments.forEach((segment, index) => {
    if (segment.id !== 'HL') return;
    const [, id = '', parent = '', level = '', childCode = ''] = segment.elements;
    // Compared with the HL's position, so one wrong number is one finding, not a cascade.
    const expected = hls.length + 1;
    if (id !== String(expected)) {
      findings.push({
        code: 'EDI_HL_SEQUENCE',
        index,
        element: 1,
        severity: 'error',
        message: `HL01 is "${id}" but HL numbers must run 1, 2, 3, … in order: expected ${expected}.`,
      });
    }
    if (levels.has(id)) {
      findings.push({
        code: 'EDI_HL_DUPLICATE',
        index,
        element: 1,
        severity: 'error',
        message: `HL01 "${id}" is used twice.`,
      });
    }
    const legalParents = PARENTS[level];
    if (parent === '') {
      if (level !== 'S' || hls.length > 0) {
        findings.push({
          code: 'EDI_HL_PARENT',
          index,
          element: 2,
          severity: 'error',
          message:
            hls.length === 0
              ? `The first HL must be the shipment (S), not "${level}".`
              : `HL ${id} (${level}) has no parent (HL02): only the shipment is the root.`,
        });
      }
    } else if (!levels.has(parent)) {
      findings.push({
        code: 'EDI_HL_PARENT',
        index,
        element: 2,
        severity: 'error',
        message: `HL ${id} names parent ${parent}, which is not an earlier HL.`,
      });
    } else if (legalParents && PARENTS[levels.get(parent)!] && !legalParents.includes(levels.get(parent)!)) {
      findings.push({
        code: 'EDI_HL_HIERARCHY',
        index,
        element: 3,
        severity: 'error',
        message: `HL ${id} is level ${level} under ${levels.get(parent)} (HL ${parent}); ${level} belongs under ${legalParents.join('/') || 'nothing'}.`,
      });
    }
    if (parent !== '') childCount.set(parent, (childCount.get(parent) ?? 0) + 1);
    if (level === 'S' && parent !== '') {
      findings.push({
        code: 'EDI_HL_HIERARCHY',
        index,
        element: 3,
        severity: 'error',
        message: `HL ${id} is a shipment (S) under HL ${parent}; the shipment is the root.`,
      });
    }
    if (!levels.has(id)) levels.set(id, level);
    hls.push({ index, id, childCode });
  });
  for (const hl of hls) {
    const children = childCount.get(hl.id) ?? 0;
    if ((hl.childCode === '1' && children === 0) || (hl.childCode === '0' && children > 0)) {
      findings.push({
        code: 'EDI_HL_CHILD_CODE',
        index: hl.index,
        element: 4,
        severity: 'warning',
        message: `HL ${hl.id} says HL04=${hl.childCode} but has ${children} child level(s).`,
      });
    }
  }
  return findings;
}
