import type { X12DelimiterSpec, X12Party } from '../build-spec.js';
import type { FunctionalGroup, Interchange } from '../types.js';

/** Who a 997 goes to and from, read off the received envelopes with sender and receiver swapped. */
export interface AckAddress {
  sender: X12Party;
  receiver: X12Party;
}

/** A reason the 997 cannot be addressed, or its address. */
export type AckAddressResult = { ok: true; address: AckAddress } | { ok: false; reason: string };

/**
 * The ISA parties of the 997: the received ISA08 becomes ISA06 and ISA06 becomes ISA08
 * (qualifiers likewise, `ZZ` when empty). An id that cannot be written (empty, or wider
 * than the 15 characters of ISA06/ISA08) leaves the 997 unaddressed: guessing a partner
 * id would send the acknowledgment to nobody.
 */
export function interchangeAddress(interchange: Interchange): AckAddressResult {
  const sender = party(interchange.receiverId, interchange.receiverQualifier, 'ISA08 (receiver id)');
  if (!sender.ok) return sender;
  const receiver = party(interchange.senderId, interchange.senderQualifier, 'ISA06 (sender id)');
  if (!receiver.ok) return receiver;
  return { ok: true, address: { sender: sender.party, receiver: receiver.party } };
}

/**
 * GS02/GS03 of the 997's group: the received GS03 and GS02 swapped. Where one is empty or
 * not 2–15 characters (the problem is reported by validation), the interchange's id stands
 * in for it, as X12 lets a group use the interchange ids.
 */
export function groupAddress(group: FunctionalGroup, isa: AckAddress): { sender: string; receiver: string } {
  const usable = (id: string): boolean => id.length >= 2 && id.length <= 15;
  return {
    sender: usable(group.receiverId) ? group.receiverId : isa.sender.id,
    receiver: usable(group.senderId) ? group.senderId : isa.receiver.id,
  };
}

function party(
  id: string,
  qualifier: string,
  name: string,
): { ok: true; party: X12Party } | { ok: false; reason: string } {
  if (id === '') return { ok: false, reason: `Failed to address the 997: ${name} of the received ISA is empty.` };
  if (id.length > 15)
    return { ok: false, reason: `Failed to address the 997: ${name} of the received ISA is wider than 15 characters.` };
  const q = qualifier.trim();
  return { ok: true, party: { id, qualifier: q.length === 2 ? q : 'ZZ' } };
}

const DEFAULT: Required<Pick<X12DelimiterSpec, 'element' | 'component' | 'segment'>> = {
  element: '*',
  component: '>',
  segment: '~',
};

/**
 * The delimiters of the 997: the received interchange's, unless they cannot all be written
 * (two alike, or a letter or digit read from a damaged ISA) — then `*`, `>` and `~`.
 */
export function ackDelimiters(interchange: Interchange): X12DelimiterSpec {
  const d = interchange.delimiters;
  const lineBreak = d.segment === '\n' || d.segment === '\r' ? '' : d.suffix;
  const chars = [d.element, d.component, d.segment];
  const repetition = d.repetition && !chars.includes(d.repetition) ? d.repetition : undefined;
  if (repetition) chars.push(repetition);
  const writable =
    chars.every((ch) => ch.length === 1 && !/[A-Za-z0-9 ]/.test(ch)) && new Set(chars).size === chars.length;
  if (!writable) return { ...DEFAULT, lineBreak };
  return {
    element: d.element,
    component: d.component,
    segment: d.segment,
    lineBreak,
    ...(repetition ? { repetition } : {}),
  };
}
