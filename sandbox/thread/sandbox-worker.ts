// The sandbox's side of `startSandboxThread`: opens the sandbox with the options the thread was
// started with, says where it listens, then connects the partners and closes when told.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareSqlJs } from '../db/database.js';
import type { FromSandbox, SandboxThreadOptions, ToSandbox } from './messages.js';

// SQLite's WASM compiles off the thread while the routes' modules load.
void prepareSqlJs().catch(() => undefined); // openSandbox reports a failure
const { openSandbox } = await import('../index.js');
// Loaded with the routes already (the admin routes provision).
const { prepareProvisioning } = await import('../admin/provision-tenant.js');

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
  // The starting thread now loads the project and starts the partners (about a second), then
  // provisions the tenants here: what provisioning needs first (yaml, Ajv, the validators, the
  // seeds) is done meanwhile. A seed that fails here fails again, reported, when provisioned.
  setImmediate(() => {
    try {
      prepareProvisioning();
    } catch {
      // reported by the provisioning that needs it
    }
  });
} catch (error) {
  send(failed(error));
}
