import type { Delimiters, FunctionalGroup, Interchange, Segment, TransactionSet } from './types.js';

/** The interchange an ISA opens, its fields named and ids unpadded. */
export function interchangeFromIsa(isa: Segment, delimiters: Delimiters, file: string | undefined): Interchange {
  const f = (n: number): string => isa.elements[n] ?? '';
  const interchange: Interchange = {
    delimiters,
    authorizationQualifier: f(1),
    authorization: f(2),
    securityQualifier: f(3),
    security: f(4),
    senderQualifier: f(5).trim(),
    senderId: f(6).trim(),
    receiverQualifier: f(7).trim(),
    receiverId: f(8).trim(),
    date: f(9),
    time: f(10),
    standardsOrRepetition: f(11),
    version: f(12),
    controlNumber: f(13),
    ackRequested: f(14),
    usage: f(15),
    header: isa,
    groups: [],
    ta1s: [],
    serviceSegments: [],
  };
  if (file !== undefined) interchange.file = file;
  return interchange;
}

/** The functional group a GS opens (sets are added as they are read). */
export function groupFromGs(gs: Segment): FunctionalGroup {
  const f = (n: number): string => gs.elements[n] ?? '';
  return {
    functionalId: f(1),
    senderId: f(2),
    receiverId: f(3),
    date: f(4),
    time: f(5),
    controlNumber: f(6),
    agency: f(7),
    version: f(8),
    header: gs,
    sets: [],
  };
}

/** The transaction set an ST opens. */
export function setFromSt(st: Segment, delimiters: Delimiters): TransactionSet {
  const set: TransactionSet = {
    id: st.elements[1] ?? '',
    controlNumber: st.elements[2] ?? '',
    header: st,
    segments: [st],
    delimiters,
  };
  if (st.elements[3]) set.implementationReference = st.elements[3];
  return set;
}
