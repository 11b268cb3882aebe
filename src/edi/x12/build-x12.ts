import type { X12BuildSpec, X12ElementValue, X12GroupSpec, X12SegmentSpec } from './build-spec.js';
import { defaultControlNumbers, type ControlNumbers } from './control-numbers.js';
import { FUNCTIONAL_ID_BY_SET } from './functional-ids.js';
import {
  ccyymmdd,
  checkDelimiters,
  digits,
  fail,
  fixed,
  groupParty,
  hhmm,
  party,
  writeSegment,
  type Writer,
} from './write-values.js';

export interface BuildX12Options {
  /** Where control numbers come from; default: the process-wide `defaultControlNumbers()`. */
  controlNumbers?: ControlNumbers;
  /** The clock for default dates and times (UTC). */
  now?: Date;
}

/** What was written, with the control numbers that were assigned. */
export interface BuiltX12 {
  text: string;
  /** ISA13. */
  controlNumber: string;
  groups: Array<{
    functionalId: string;
    controlNumber: string;
    sets: Array<{ id: string; controlNumber: string; segmentCount: number }>;
  }>;
}

/**
 * Writes one X12 interchange from a plain object (which may come from YAML): fixed-width
 * ISA, envelopes with counts computed (SE01, GE01, IEA01) and trailer control numbers
 * copied from the headers (SE02 = ST02, GE02 = GS06, IEA02 = ISA13). Throws a
 * `RehearseError` (`REHEARSE_EDI_BUILD_INVALID`) when a value cannot be written.
 *
 * @example
 * const text = buildX12({
 *   sender: { id: 'BUYER', qualifier: 'ZZ' }, receiver: { id: 'SELLER' },
 *   sets: [{ id: '850', segments: [['BEG', '00', 'SA', 'PO123', '', '20261122'], ['PO1', '1', 5, 'EA', '9.50']] }],
 * });
 */
export function buildX12(spec: X12BuildSpec, options: BuildX12Options = {}): string {
  return buildX12Document(spec, options).text;
}

/**
 * `buildX12`, also returning the control numbers it assigned.
 *
 * @example
 * const built = buildX12Document(spec, { controlNumbers: createControlNumbers({ interchange: 7 }) });
 * built.controlNumber; // '000000007'
 */
export function buildX12Document(spec: X12BuildSpec, options: BuildX12Options = {}): BuiltX12 {
  if (!spec || typeof spec !== 'object') fail('the spec is not an object', 'Pass { sender, receiver, sets: [...] }.');
  const numbers = options.controlNumbers ?? defaultControlNumbers();
  const now = options.now ?? new Date();
  const d = spec.delimiters ?? {};
  const w: Writer = { element: d.element ?? '*', component: d.component ?? '>', terminator: d.segment ?? '~' };
  const lineBreak = d.lineBreak ?? '\n';
  const version = spec.version ?? '00401';
  const repetition = d.repetition ?? (version >= '00402' ? '^' : undefined);
  checkDelimiters([w.element, w.component, w.terminator, ...(repetition ? [repetition] : [])]);
  const sender = party(spec.sender, 'sender');
  const receiver = party(spec.receiver, 'receiver');
  const date = ccyymmdd(spec.date, now, 'date');
  const time = hhmm(spec.time, now, 'time');
  const isa13 =
    spec.controlNumber !== undefined ? digits(spec.controlNumber, 9, 'controlNumber') : numbers.nextInterchange();
  const groups = groupsOf(spec);

  const lines: string[] = [];
  const isa = [
    'ISA',
    fixed(spec.authorization?.qualifier ?? '00', 2, 'authorization.qualifier'),
    fixed(spec.authorization?.value ?? '', 10, 'authorization.value'),
    fixed(spec.security?.qualifier ?? '00', 2, 'security.qualifier'),
    fixed(spec.security?.value ?? '', 10, 'security.value'),
    sender.qualifier,
    fixed(sender.id, 15, 'sender.id'),
    receiver.qualifier,
    fixed(receiver.id, 15, 'receiver.id'),
    date.slice(2),
    time.slice(0, 4),
    repetition ?? 'U',
    version,
    isa13,
    spec.ackRequested ?? '0',
    spec.usage ?? 'T',
    w.component,
  ];
  lines.push(isa.join(w.element));
  const built: BuiltX12 = { text: '', controlNumber: isa13, groups: [] };
  for (const [gi, group] of groups.entries()) {
    const where = `groups[${gi}]`;
    const firstSet = group.sets[0];
    const functionalId = group.functionalId ?? FUNCTIONAL_ID_BY_SET[firstSet?.id ?? ''];
    if (!functionalId)
      fail(
        `${where} has no functionalId and set ${firstSet?.id ?? '(none)'} has no default one`,
        'Add functionalId (GS01), e.g. "PO".',
      );
    const gs06 =
      group.controlNumber !== undefined
        ? digits(group.controlNumber, 0, `${where}.controlNumber`)
        : numbers.nextGroup();
    const gsVersion = group.version ?? `${version}0`;
    const gsSender = groupParty(group.sender ?? sender.id, `${where}.sender`);
    const gsReceiver = groupParty(group.receiver ?? receiver.id, `${where}.receiver`);
    const fullDate = group.date !== undefined ? ccyymmdd(group.date, now, `${where}.date`) : date;
    // Releases before 004010 write GS04 as YYMMDD (data element 373 was DT 6/6 then).
    const gsDate = /^00[0-3]\d{3}/.test(gsVersion) ? fullDate.slice(2) : fullDate;
    const gs = [
      'GS',
      functionalId,
      gsSender,
      gsReceiver,
      gsDate,
      group.time !== undefined ? hhmm(group.time, now, `${where}.time`) : time,
      gs06,
      group.agency ?? 'X',
      gsVersion,
    ];
    lines.push(writeSegment(gs, w, `${where} GS`));
    const builtGroup: BuiltX12['groups'][number] = { functionalId, controlNumber: gs06, sets: [] };
    for (const [si, set] of group.sets.entries()) {
      const setWhere = `${where}.sets[${si}]`;
      const st02 = set.controlNumber ?? numbers.nextSet();
      const st = ['ST', set.id, st02, ...(set.implementationReference ? [set.implementationReference] : [])];
      lines.push(writeSegment(st, w, `${setWhere} ST`));
      for (const [i, segment] of (set.segments ?? []).entries()) {
        const values = segmentValues(segment, `${setWhere}.segments[${i}]`);
        lines.push(writeSegment(values, w, `${setWhere}.segments[${i}] (${String(values[0])})`, false));
      }
      const count = (set.segments ?? []).length + 2;
      lines.push(writeSegment(['SE', count, st02], w, `${setWhere} SE`));
      builtGroup.sets.push({ id: set.id, controlNumber: st02, segmentCount: count });
    }
    lines.push(writeSegment(['GE', group.sets.length, gs06], w, `${where} GE`));
    built.groups.push(builtGroup);
  }
  lines.push(writeSegment(['IEA', groups.length, isa13], w, 'IEA'));
  built.text = lines.map((line) => `${line}${w.terminator}${lineBreak}`).join('');
  return built;
}

function groupsOf(spec: X12BuildSpec): X12GroupSpec[] {
  if (spec.groups && spec.sets)
    fail('the spec has both groups and sets', 'Use groups: [...] or sets: [...], not both.');
  if (spec.groups?.length) return spec.groups;
  if (spec.sets?.length) return [{ sets: spec.sets }];
  return fail('the spec has no transaction sets', 'Add sets: [{ id: "850", segments: [...] }].');
}

function segmentValues(segment: X12SegmentSpec, where: string): X12ElementValue[] {
  if (Array.isArray(segment)) {
    if (typeof segment[0] !== 'string')
      fail(`${where} does not start with a segment id`, 'Write segments as ["BEG", "00", ...].');
    return segment;
  }
  if (!segment || typeof segment !== 'object' || typeof segment.id !== 'string') {
    return fail(
      `${where} is neither an array nor an object with an id`,
      'Write ["N1", "ST", "ACME"] or { id: "N1", elements: ["ST", "ACME"] }.',
    );
  }
  const values: X12ElementValue[] = [segment.id, ...(segment.elements ?? [])];
  for (const [key, value] of Object.entries(segment)) {
    if (!/^[0-9]{2}$/.test(key)) continue;
    const index = Number(key);
    if (index < 1) fail(`${where} has element key "${key}"`, 'Element positions start at "01".');
    while (values.length <= index) values.push('');
    values[index] = value as X12ElementValue;
  }
  return values;
}
