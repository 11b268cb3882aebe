import { SEGMENTS } from '../definitions/segments/index.js';
import { SETS } from '../definitions/sets/index.js';
import type { FunctionalGroup, Interchange, TransactionSet } from '../types.js';
import { checkElements, type ElementContext } from './check-elements.js';
import { checkHlTree } from './check-hl-tree.js';
import { elementColumn, pathOf, problem, type X12Location, type X12Problem } from './problem.js';
import { readSetStructure } from './read-structure.js';
import { versionRules } from './version-rules.js';

const ENVELOPE = new Set(['ST', 'SE']);

/**
 * The inside of one transaction set against its definition: segment order, loops,
 * mandatory and repeated segments, element rules, and set-specific checks (856 HL tree,
 * CTT01 line counts). Sets without a definition get a warning and envelope checks only.
 */
export function checkSetContent(
  interchange: Interchange,
  group: FunctionalGroup,
  set: TransactionSet,
  loc: X12Location,
): X12Problem[] {
  const problems: X12Problem[] = [];
  const file = interchange.file;
  const path = pathOf(interchange, group, set);
  const common = { path, ...(file !== undefined ? { file } : {}) };
  const def = SETS.get(set.id);
  if (!def) {
    problems.push(
      problem({
        ...common,
        code: 'EDI_SET_UNSUPPORTED',
        severity: 'warning',
        message: `Transaction set ${set.id} has no structure definition in Rehearse: only its envelope was checked.`,
        segment: set.header,
        location: { ...loc, segmentId: 'ST', segmentPosition: 1 },
        hint: `Known sets: ${[...SETS.keys()].join(', ')}.`,
      }),
    );
    return problems;
  }
  const segments = set.segments;
  const structure = readSetStructure(segments, def);
  for (const finding of structure.findings) {
    const at = segments[Math.min(finding.index, segments.length - 1)]!;
    problems.push(
      problem({
        ...common,
        code: finding.code,
        severity: finding.severity,
        message: finding.message,
        segment: at,
        location: {
          ...loc,
          segmentId: finding.segmentId,
          segmentPosition: Math.min(finding.index, segments.length - 1) + 1,
        },
        ...(finding.severity === 'error' ? { ack: { segment: finding.ack } } : {}),
      }),
    );
  }
  const context: ElementContext = { ...common, location: loc, rules: versionRules(group, interchange) };
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const segmentDef = ENVELOPE.has(segment.id) ? undefined : SEGMENTS.get(segment.id);
    if (!segmentDef) continue;
    context.segmentPosition = index + 1;
    const found = checkElements(segment, segmentDef, context);
    if (found.length > 0) problems.push(...found);
  }
  for (const check of def.checks ?? []) {
    if (check === 'hl-tree') {
      for (const finding of checkHlTree(segments)) {
        const segment = segments[finding.index]!;
        problems.push(
          problem({
            ...common,
            code: finding.code,
            severity: finding.severity,
            message: finding.message,
            segment,
            column: elementColumn(segment, finding.element),
            location: {
              ...loc,
              segmentId: 'HL',
              segmentPosition: finding.index + 1,
              element: finding.element,
              value: segment.elements[finding.element] ?? '',
            },
            ...(finding.severity === 'error' ? { ack: { segment: '8', element: '7', ...hlRef(finding.element) } } : {}),
          }),
        );
      }
    } else if (check.startsWith('ctt-count:')) {
      const counted = check.slice('ctt-count:'.length);
      const ctt = segments.find((s) => s.id === 'CTT');
      const actual = segments.filter((s) => s.id === counted).length;
      const said = ctt?.elements[1];
      if (ctt && said !== undefined && /^\d+$/.test(said) && Number(said) !== actual) {
        problems.push(
          problem({
            ...common,
            code: 'EDI_CTT01_MISMATCH',
            severity: 'warning',
            message: `CTT01 says ${said} but the set has ${actual} ${counted} segment(s).`,
            segment: ctt,
            column: elementColumn(ctt, 1),
            location: { ...loc, segmentId: 'CTT', segmentPosition: segments.indexOf(ctt) + 1, element: 1, value: said },
            expected: String(actual),
          }),
        );
      }
    }
  }
  return problems;
}

/** AK402 for an HL element, from the one segment dictionary. */
function hlRef(element: number): { elementRef?: number } {
  const ref = SEGMENTS.get('HL')?.elements[element - 1]?.ref;
  return ref === undefined ? {} : { elementRef: ref };
}
