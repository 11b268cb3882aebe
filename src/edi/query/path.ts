/** A filter inside brackets: `[*]`, `[2]`, `[01=ST]`, `[03-1!=X]`. */
export type PathFilter =
  | { kind: 'all' }
  | { kind: 'index'; index: number }
  | { kind: 'compare'; element: number; component?: number; op: '=' | '!='; value: string };

export interface PathSelector {
  segment: string;
  filters: PathFilter[];
  element?: number;
  component?: number;
}

export interface ParsedPath {
  fn?: 'count' | 'sum';
  /** `PO1[1]>PID.05`: each selector after the first is looked up inside the loop of the previous match. */
  selectors: PathSelector[];
  /** True when the result is a list: `[*]` appears, or a function aggregates. */
  many: boolean;
  source: string;
}

export type PathParseResult = { ok: true; path: ParsedPath } | { ok: false; message: string };

/**
 * The path language in one line, for hints and error messages.
 *
 * @example
 * throw new RehearseError('X', `Bad path.`, { hint: `Paths look like ${PATH_SYNTAX}.` });
 */
export const PATH_SYNTAX =
  'SEG[filter]…[.]EE[-C], e.g. BEG03, PO1[*].02, N1[01=ST].02, PO1[1].02 (0-based), PO103-1 (component 1), PO1[0]>PID.05 (inside the loop), count(PO1), sum(PO1[*].02)';

/**
 * Parses an element path used by assertions on X12 (and EDIFACT) documents.
 * Segment ids end where two trailing digits begin: `PO102` is PO1 element 02, `N104`
 * is N1 element 04, while `W05`, `G62` and `N1` alone are segment ids (an id has at
 * least two characters). Indexes are 0-based like the rest of Rehearse's paths;
 * components are 1-based as in X12 notation (`PO103-1`).
 *
 * @example
 * parseX12Path('N1[01=ST].02'); // { ok: true, path: { selectors: [{ segment: 'N1', filters: [...], element: 2 }], ... } }
 */
export function parseX12Path(source: string): PathParseResult {
  const text = source.trim();
  const fnMatch = /^(count|sum)\((.*)\)$/.exec(text);
  const fn = fnMatch ? (fnMatch[1] as 'count' | 'sum') : undefined;
  const body = fnMatch ? fnMatch[2]!.trim() : text;
  if (body === '') return { ok: false, message: `"${source}" names no segment` };
  const selectors: PathSelector[] = [];
  for (const part of splitScopes(body)) {
    const selector = parseSelector(part.trim());
    if (typeof selector === 'string') return { ok: false, message: `"${source}": ${selector}` };
    selectors.push(selector);
  }
  const last = selectors[selectors.length - 1]!;
  if (fn === 'sum' && last.element === undefined)
    return { ok: false, message: `"${source}": sum() needs an element, e.g. sum(PO1[*].02)` };
  const many = fn !== undefined || selectors.some((s) => s.filters.some((f) => f.kind === 'all'));
  const path: ParsedPath = { selectors, many, source };
  if (fn) path.fn = fn;
  return { ok: true, path };
}

/** Splits on `>` outside brackets. */
function splitScopes(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '>' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function parseSelector(part: string): PathSelector | string {
  const head = /^[A-Z][A-Z0-9]*/.exec(part)?.[0];
  if (!head) return `"${part}" does not start with a segment id (${PATH_SYNTAX})`;
  let rest = part.slice(head.length);
  let segment = head;
  let element: string | undefined;
  let component: string | undefined;
  let brackets = '';
  if (rest.startsWith('[') || rest.startsWith('.')) {
    const b = /^(?:\[[^\]]*\])*/.exec(rest)?.[0] ?? '';
    brackets = b;
    rest = rest.slice(b.length);
    if (rest.startsWith('.')) rest = rest.slice(1);
    const tail = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(rest);
    if (rest !== '' && !tail) return `cannot read "${rest}" after ${segment}${brackets} (${PATH_SYNTAX})`;
    element = tail?.[1];
    component = tail?.[2];
  } else {
    // Segment ids end where two trailing digits begin (PO102 = PO1 + 02), unless that leaves under two characters (W05).
    if (/\d\d$/.test(head) && head.length - 2 >= 2) {
      segment = head.slice(0, -2);
      element = head.slice(-2);
    }
    const tail = /^(?:-(\d{1,2}))?$/.exec(rest);
    if (!tail) return `cannot read "${rest}" after ${head} (${PATH_SYNTAX})`;
    component = tail[1];
    if (component !== undefined && element === undefined) return `"${part}" names a component but no element`;
  }
  if (segment.length < 2 || segment.length > 3) return `"${segment}" is not a segment id (2–3 characters)`;
  const filters: PathFilter[] = [];
  for (const raw of brackets.match(/\[[^\]]*\]/g) ?? []) {
    const inner = raw.slice(1, -1).trim();
    if (inner === '*') filters.push({ kind: 'all' });
    else if (/^-?\d+$/.test(inner)) filters.push({ kind: 'index', index: Number(inner) });
    else {
      const cmp = /^(\d{1,2})(?:-(\d{1,2}))?\s*(!=|=)\s*(.*)$/.exec(inner);
      if (!cmp) return `cannot read filter "${raw}": use [*], [n] or [01=VALUE]`;
      const value = cmp[4]!.replace(/^(['"])(.*)\1$/, '$2');
      const filter: PathFilter = { kind: 'compare', element: Number(cmp[1]), op: cmp[3] as '=' | '!=', value };
      if (cmp[2] !== undefined) filter.component = Number(cmp[2]);
      filters.push(filter);
    }
  }
  const selector: PathSelector = { segment, filters };
  if (element !== undefined) selector.element = Number(element);
  if (component !== undefined) selector.component = Number(component);
  return selector;
}
