import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OpenSandboxHandle } from '../index.js';
import type { FromSandbox, SandboxThreadOptions, ToSandbox } from './messages.js';

export type { SandboxThreadOptions } from './messages.js';

/**
 * Opens the sandbox (`openSandbox`) in a worker thread of its own, so its start overlaps the
 * starting thread's work: `rehearse sandbox` loads and validates the project and starts the
 * virtual partners meanwhile, synchronous work that would otherwise keep every request waiting
 * (the provisioning requests included). `/health` says 503 `starting` until `markReady`. Resolves once the sandbox listens; rejects with its error
 * (a port in use) when it cannot.
 *
 * @example
 * const sandbox = await startSandboxThread({ adminToken: 'secret', port: 4000 });
 * sandbox.connectPartners({ carrier: 'http://127.0.0.1:4010/carrier', ... });
 * await sandbox.close();
 */
export function startSandboxThread(options: SandboxThreadOptions): Promise<OpenSandboxHandle> {
  const worker = spawnWorker(options);
  const send = (message: ToSandbox) => worker.postMessage(message);
  let exited: Error | undefined;
  const next = () =>
    new Promise<FromSandbox>((resolve, reject) => {
      if (exited) return reject(exited);
      const settle = (done: () => void) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        done();
      };
      const onMessage = (message: FromSandbox) => settle(() => resolve(message));
      const onError = (error: Error) => settle(() => reject(error));
      const onExit = (code: number) => settle(() => reject(new Error(`The sandbox thread exited (${code}).`)));
      worker.on('message', onMessage).once('error', onError).once('exit', onExit);
    });
  const rebuilt = ({ error }: Extract<FromSandbox, { type: 'failed' }>) =>
    Object.assign(
      new Error(error.message),
      error.stack ? { stack: error.stack } : {},
      error.code ? { code: error.code } : {},
    );
  worker.once('exit', (code) => (exited = new Error(`The sandbox thread exited (${code}).`)));

  return next().then(async (first) => {
    if (first.type !== 'listening') {
      await worker.terminate();
      throw first.type === 'failed' ? rebuilt(first) : new Error(`The sandbox thread said ${first.type} first.`);
    }
    let closing: Promise<void> | undefined;
    return {
      url: first.url,
      port: first.port,
      connectPartners: (partners) => send({ type: 'partners', partners }),
      markReady: () => send({ type: 'ready' }),
      close: () =>
        (closing ??= (async () => {
          send({ type: 'close' });
          const last = await next();
          // Its database is flushed (with --data-dir) once it says closed; nothing else is left to wait for.
          await worker.terminate();
          if (last.type === 'failed') throw rebuilt(last);
        })()),
    };
  });
}

/**
 * The worker runs sandbox-worker.js beside this file once compiled; from the sources (tests,
 * under tsx) it is sandbox-worker.ts, and a worker thread does not inherit the `--import tsx`
 * hooks of the thread that starts it, so it registers them itself first.
 */
function spawnWorker(options: SandboxThreadOptions): Worker {
  const here = import.meta.url;
  if (extname(fileURLToPath(here)) !== '.ts')
    return new Worker(new URL('./sandbox-worker.js', here), { workerData: options });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const worker = JSON.stringify(new URL('./sandbox-worker.ts', here).href);
  return new Worker(`import(${tsx}).then(({ register }) => register()).then(() => import(${worker}))`, {
    eval: true,
    workerData: options,
  });
}
