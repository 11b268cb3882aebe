import { RehearseError } from '../../core/errors.js';
import { evaluatePath, type PathAccessor, type QueryValue } from '../query/evaluate-path.js';
import { parseX12Path, PATH_SYNTAX } from '../query/path.js';
import type {
  EdifactDelimiters,
  EdifactInterchange,
  EdifactMessage,
  EdifactSegment,
  ParseEdifactResult,
} from './types.js';
import { DEFAULT_EDIFACT_DELIMITERS } from './parse-edifact.js';

export type EdifactQueryTarget = EdifactMessage | EdifactInterchange | ParseEdifactResult | readonly EdifactSegment[];

/**
 * Reads values out of EDIFACT with the X12 path language: `BGM02` (document number),
 * `NAD[01=BY].02` (party id of the buyer; a filter on a composite compares its first
 * component), `QTY[01=21].01-2` (component 2 of element 1), `LIN[*].03-1`, `count(LIN)`,
 * `sum(QTY[*].01-2)`, and `LIN[0]>QTY.01-2` (segments after a LIN up to the next LIN).
 * An element named without a component returns its components joined with ":".
 *
 * @example
 * queryEdifact(message, 'BGM02'); // 'PO123'
 * queryEdifact(message, 'DTM[01=137].01-2'); // '20260101'
 */
export function queryEdifact(target: EdifactQueryTarget, path: string): QueryValue {
  const parsed = parseX12Path(path);
  if (!parsed.ok) {
    throw new RehearseError('REHEARSE_EDI_QUERY_INVALID', `Failed to read the EDIFACT path: ${parsed.message}.`, {
      hint: `Paths look like ${PATH_SYNTAX}.`,
    });
  }
  let segments: readonly EdifactSegment[];
  let delimiters: EdifactDelimiters = DEFAULT_EDIFACT_DELIMITERS;
  if (Array.isArray(target)) segments = target as readonly EdifactSegment[];
  else if ('interchanges' in target) {
    segments = target.interchanges.flatMap(interchangeSegments);
    delimiters = target.interchanges[0]?.delimiters ?? delimiters;
  } else if ('messages' in target) {
    segments = interchangeSegments(target);
    delimiters = target.delimiters;
  } else segments = (target as EdifactMessage).segments;
  const accessor: PathAccessor<EdifactSegment> = {
    id: (s) => s.tag,
    value: (s, element, component) => {
      const parts = s.elements[element];
      if (!parts) return undefined;
      return component === undefined ? parts.join(delimiters.component) : parts[component - 1];
    },
    firstComponent: (s, element) => s.elements[element]?.[0],
    scope: (s) => {
      const index = segments.indexOf(s);
      const next = segments.findIndex(
        (other, i) => i > index && (other.tag === s.tag || other.tag === 'UNT' || other.tag === 'UNS'),
      );
      return segments.slice(index + 1, next === -1 ? segments.length : next);
    },
    render: (s) => s.elements.map((parts) => parts.join(delimiters.component)).join(delimiters.element),
  };
  return evaluatePath(parsed.path, segments, accessor);
}

function interchangeSegments(interchange: EdifactInterchange): EdifactSegment[] {
  return [
    interchange.header,
    ...interchange.messages.flatMap((m) => m.segments),
    ...(interchange.trailer ? [interchange.trailer] : []),
  ];
}
