import type { X12DelimiterSpec, X12ElementValue, X12GroupSpec, X12SegmentSpec } from '../build-spec.js';
import { RehearseError } from '../../../core/errors.js';
import { buildX12Document, type BuildX12Options, type BuiltX12 } from '../build-x12.js';
import type { FunctionalGroup, Interchange } from '../types.js';
import type { X12Problem } from '../validate/problem.js';
import { validateInterchange } from '../validate/validate-x12.js';
import type { AckGroupResult, AckSetResult } from './ack-types.js';
import { ackDelimiters, groupAddress, interchangeAddress } from './address-997.js';
import { evaluateGroup } from './evaluate-group.js';

export interface AcknowledgeOptions extends BuildX12Options {
  /** Sets with only segment/element errors are accepted with errors noted (AK501 `E`) instead of rejected. */
  acceptWithErrors?: boolean;
  /** `all` (default): an AK2 loop for every set; `errors`: only for sets with problems. */
  detail?: 'all' | 'errors';
  /** ISA15 of the 997; default: the received interchange's. */
  usage?: 'P' | 'T' | 'I';
  /** Delimiters of the 997; default: the received interchange's. */
  delimiters?: X12DelimiterSpec;
  /** This interchange's problems from `validateInterchange(interchange)`, when already computed. */
  problems?: readonly X12Problem[];
}

export interface AcknowledgeResult {
  /** The 997 interchange; absent when nothing needed acknowledging (see `reason`). */
  text?: string;
  /** ISA13 of the 997 interchange. */
  controlNumber?: string;
  /** The verdict per acknowledged group, as data. */
  groups: AckGroupResult[];
  /** Groups not acknowledged, and why (a 997 is never acknowledged). */
  skipped: Array<{ functionalId: string; controlNumber: string; reason: string }>;
  reason?: string;
  /** Interchange-level problems (ISA/IEA); a 997 cannot carry them (a TA1 would). */
  interchangeProblems: X12Problem[];
}

/**
 * Writes the 997 functional acknowledgment for a received interchange: one 997 per
 * functional group (AK1 = GS01 + GS06; AK2 = ST01 + ST02 with AK3/AK4 notes from
 * validation; AK5 A/E/R; AK9 status with sets included/received/accepted), sender and
 * receiver swapped. Groups of 997s are never acknowledged.
 *
 * @example
 * const [interchange] = parseX12(text).interchanges;
 * const ack = acknowledge(interchange!);
 * ack.groups[0]?.status; // 'A'
 * ack.text; // 'ISA*00*...~GS*FA*...~ST*997*0001~AK1*PO*1421~...'
 */
export function acknowledge(interchange: Interchange, options: AcknowledgeOptions = {}): AcknowledgeResult {
  const mine = options.problems ?? validateInterchange(interchange, 0);
  const result: AcknowledgeResult = {
    groups: [],
    skipped: [],
    interchangeProblems: mine.filter((p) => p.location?.group === undefined && p.severity === 'error'),
  };
  const acknowledged: Array<{ group: FunctionalGroup; verdict: AckGroupResult }> = [];
  interchange.groups.forEach((group, g) => {
    if (group.functionalId === 'FA' || group.sets.some((s) => s.id === '997' || s.id === '999')) {
      result.skipped.push({
        functionalId: group.functionalId,
        controlNumber: group.controlNumber,
        reason: 'Functional acknowledgments are never acknowledged.',
      });
      return;
    }
    const verdict = evaluateGroup(
      group,
      mine.filter((p) => p.location?.group === g),
      options.acceptWithErrors === undefined ? {} : { acceptWithErrors: options.acceptWithErrors },
    );
    acknowledged.push({ group, verdict });
    result.groups.push(verdict);
  });
  if (acknowledged.length === 0) {
    result.reason =
      interchange.groups.length === 0
        ? 'The interchange holds no functional group to acknowledge.'
        : 'Every group is a functional acknowledgment (997), and acknowledgments are never acknowledged.';
    return result;
  }
  const address = interchangeAddress(interchange);
  if (!address.ok) {
    result.reason = address.reason;
    return result;
  }
  const delimiters: X12DelimiterSpec = options.delimiters ?? ackDelimiters(interchange);
  const clean = cleaner(delimiters);
  const groups = new Map<string, X12GroupSpec>();
  for (const { group, verdict } of acknowledged) {
    const { sender, receiver } = groupAddress(group, address.address);
    const version = clean(group.version).slice(0, 12) || '004010';
    // One FA group per GS sender/receiver/version, with those swapped.
    const key = `${sender}\u0000${receiver}\u0000${version}`;
    let spec = groups.get(key);
    if (!spec) {
      spec = { functionalId: 'FA', sender: clean(sender), receiver: clean(receiver), version, sets: [] };
      groups.set(key, spec);
    }
    spec.sets.push({ id: '997', segments: segmentsOf(group, verdict, options.detail ?? 'all', clean) });
  }
  const version = /^\d{5}$/.test(interchange.version) ? interchange.version : '00401';
  const usage =
    options.usage ?? (['P', 'T', 'I'].includes(interchange.usage) ? (interchange.usage as 'P' | 'T' | 'I') : 'P');
  let built: BuiltX12;
  try {
    built = buildX12Document(
      {
        sender: { ...address.address.sender, id: clean(address.address.sender.id) },
        receiver: { ...address.address.receiver, id: clean(address.address.receiver.id) },
        version,
        usage,
        delimiters,
        groups: [...groups.values()],
      },
      {
        ...(options.controlNumbers ? { controlNumbers: options.controlNumbers } : {}),
        ...(options.now ? { now: options.now } : {}),
      },
    );
  } catch (error) {
    // What the received file holds cannot always be written back (a GS02 with the 997's
    // component separator, say): the verdicts stand, the text is replaced by the reason.
    if (!(error instanceof RehearseError)) throw error;
    result.reason = error.message;
    return result;
  }
  result.text = built.text;
  result.controlNumber = built.controlNumber;
  return result;
}

function segmentsOf(
  group: FunctionalGroup,
  verdict: AckGroupResult,
  detail: 'all' | 'errors',
  clean: (value: string) => string,
): X12SegmentSpec[] {
  const segments: X12SegmentSpec[] = [];
  const ak1: X12ElementValue[] = ['AK1', clean(group.functionalId), clean(group.controlNumber)];
  if (group.version >= '005010') ak1.push(clean(group.version));
  segments.push(ak1);
  for (const set of verdict.sets) {
    if (detail === 'errors' && set.status === 'A') continue;
    segments.push(...setSegments(set, clean));
  }
  segments.push(['AK9', verdict.status, verdict.included, verdict.received, verdict.accepted, ...verdict.codes]);
  return segments;
}

function setSegments(set: AckSetResult, clean: (value: string) => string): X12SegmentSpec[] {
  const out: X12SegmentSpec[] = [['AK2', clean(set.setId), clean(set.controlNumber)]];
  for (const segment of set.segments) {
    out.push(['AK3', clean(segment.segmentId), segment.position, '', segment.code]);
    for (const element of segment.elements) {
      const position: X12ElementValue =
        element.component !== undefined ? [element.position, element.component] : element.position;
      const value = element.value !== undefined ? clean(element.value) : '';
      out.push(['AK4', position, element.ref ?? '', element.code, value]);
    }
  }
  out.push(['AK5', set.status, ...set.codes]);
  return out;
}

/**
 * Values copied from the received file (AK1, AK2, AK3 ids, AK404 bad data) must not carry the
 * 997's delimiters, which may differ from the received ones; AK404 holds at most 99 characters.
 */
function cleaner(delimiters: X12DelimiterSpec): (value: string) => string {
  const banned = [
    delimiters.element ?? '*',
    delimiters.component ?? '>',
    delimiters.segment ?? '~',
    delimiters.repetition ?? '',
    '\r',
    '\n',
  ].filter(Boolean);
  return (value) =>
    [...value]
      .filter((ch) => !banned.includes(ch))
      .join('')
      .slice(0, 99);
}
