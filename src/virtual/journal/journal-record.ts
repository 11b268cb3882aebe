import type { JournalEntry } from './journal-types.js';

/**
 * A request's headers and body as the hub received them. The journal keeps
 * these and turns them into an entry's redacted `headers` and `body` only
 * when the entry is read: most entries are never read, and redacting every
 * header and walking every body on arrival cost more than answering.
 */
export interface ReceivedRequest {
  /** Header names in lower case, as received (never modified after the request arrived). */
  headers: Record<string, string | string[] | undefined>;
  /** The body (the journal keeps a copy of its first `maxBodyBytes` bytes). */
  body: Buffer;
  bodySize: number;
  contentType: string | undefined;
}

/**
 * What the journal holds per request: a `JournalEntry`'s fields, completed
 * in place by the hub as the request goes on, with the request as received
 * in place of its redacted `time`, `headers` and `body` (made when read).
 */
export type JournalRecord = Omit<JournalEntry, 'time' | 'headers' | 'body' | 'bodySize' | 'bodyTruncated'> & {
  received: ReceivedRequest;
};
