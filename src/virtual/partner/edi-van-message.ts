/**
 * A document in the virtual EDI VAN's mailbox, as `GET /edi-van/messages`
 * lists it: the envelope facts the VAN routes by, and the X12 text.
 */
export interface EdiVanMessage {
  messageId: string;
  receivedAt: string;
  /** ISA06 */
  sender: string;
  /** ISA08: the mailbox it is kept in. */
  receiver: string;
  /** ST01 of every set in it. */
  sets: string[];
  /** ISA13 */
  controlNumber: string;
  body: string;
}
