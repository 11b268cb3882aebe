import type { PartnerUrls } from '../domain/partners.js';
import type { OpenSandboxOptions } from '../index.js';

/** What a sandbox thread is started with: `OpenSandboxOptions` less the functions, which cannot cross threads. */
export type SandboxThreadOptions = Omit<OpenSandboxOptions, 'log' | 'jobs'>;

/** Messages from the thread that starts the sandbox to the sandbox's thread. */
export type ToSandbox = { type: 'partners'; partners: PartnerUrls } | { type: 'ready' } | { type: 'close' };

/** Messages from the sandbox's thread back. */
export type FromSandbox =
  | { type: 'listening'; url: string; port: number }
  | { type: 'closed' }
  | { type: 'failed'; error: { message: string; stack?: string; code?: string } };
