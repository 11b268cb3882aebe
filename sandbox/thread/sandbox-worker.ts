// The sandbox's side of `startSandboxThread`: opens the sandbox with the options the thread was
// started with, says where it listens, then connects the partners and closes when told.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareSqlJs } from '../db/database.js';
import type { FromSandbox, SandboxThreadOptions, ToSandbox } from './messages.js';

// SQLite's WASM compiles off the thread while the routes' modules load.
void prepareSqlJs().catch(() => undefined); // openSandbox reports a failure
const { openSandbox } = await import('../index.js');

const port = parentPort!;
const send = (message: FromSandbox) => port.postMessage(message);
// Errors are sent as plain data (a structured clone would drop `code`, EADDRINUSE say).
const failed = (error: unknown): FromSandbox => {
  const { message, stack, code }: NodeJS.ErrnoException = error instanceof Error ? error : new Error(String(error));
  return { type: 'failed', error: { message, ...(stack ? { stack } : {}), ...(code ? { code } : {}) } };
};

try {
  const sandbox = await openSandbox(workerData as SandboxThreadOptions);
  port.on('message', (message: ToSandbox) => {
    if (message.type === 'partners') sandbox.connectPartners(message.partners);
    else if (message.type === 'ready') sandbox.markReady();
    else
      sandbox.close().then(
        () => send({ type: 'closed' }),
        (error: unknown) => send(failed(error)),
      );
  });
  send({ type: 'listening', url: sandbox.url, port: sandbox.port });
} catch (error) {
  send(failed(error));
}
