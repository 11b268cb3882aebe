import { spawn } from 'node:child_process';
import { checkEgress } from '../core/egress.js';
import type { DrillPhase } from '../schema/index.js';

type Operation = Extract<DrillPhase, { operation: unknown }>['operation'];

/** How an operation ended. `detail`: why it failed, or the last lines it printed (redacted). */
export interface OperationOutcome {
  outcome: 'done' | 'failed' | 'timed-out' | 'interrupted';
  detail?: string;
}

export interface OperationContext {
  /** Variables for shell commands and `{{ env.NAME }}` in HTTP operations (REHEARSE_SANDBOX_URL, …). */
  env: Record<string, string>;
  baseUrl: string;
  allowedHosts: readonly string[];
  timeoutMs: number;
  signal: AbortSignal;
  log: (line: string) => void;
  /** Masks secrets (the admin token) in whatever is shown or kept. */
  redact: (text: string) => string;
}

const KEEP_OUTPUT = 2000;

/**
 * Runs one operation of a drill: a shell command (`sh -c`, in a process group of its own so
 * that a timeout or Ctrl-C ends it and its children; exit 0 is done) or an HTTP call (to an
 * allowed host only, `checkEgress`; a 2xx, or `expect.status`, is done). The command is shown
 * before it runs. Never throws.
 */
export async function runOperation(operation: Operation, context: OperationContext): Promise<OperationOutcome> {
  if (operation.run !== undefined) return runShell(operation.run, context);
  if (operation.http) return runHttp(operation.http, context);
  return { outcome: 'failed', detail: 'the operation has neither run: nor http:' };
}

function runShell(command: string, context: OperationContext): Promise<OperationOutcome> {
  context.log(`  $ ${context.redact(command)}`);
  return new Promise((resolve) => {
    let output = '';
    const keep = (chunk: Buffer) => {
      const text = context.redact(chunk.toString('utf8'));
      for (const line of text.split('\n')) if (line.trim()) context.log(`  │ ${line}`);
      output = (output + text).slice(-KEEP_OUTPUT);
    };
    const startedAt = Date.now();
    const child = spawn('sh', ['-c', command], {
      env: { ...process.env, ...context.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let ended: OperationOutcome['outcome'] | undefined;
    const end = (why: 'timed-out' | 'interrupted') => {
      ended = why;
      // The whole group: a shell's children (npx, node) must not outlive the drill.
      signalGroup(child.pid, 'SIGTERM');
      setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 2000).unref();
    };
    const timer = setTimeout(() => end('timed-out'), context.timeoutMs);
    const onAbort = () => end('interrupted');
    context.signal.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: OperationOutcome) => {
      clearTimeout(timer);
      context.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    child.on('error', (error) => finish({ outcome: 'failed', detail: `could not start sh: ${error.message}` }));
    child.on('close', (code, signal) => {
      const tail = output.trim().split('\n').slice(-3).join('\n');
      if (ended === 'timed-out')
        finish({ outcome: 'timed-out', detail: `still running after ${context.timeoutMs} ms; stopped` });
      else if (ended)
        // What was running and for how long: the target may be left half way through it.
        finish({
          outcome: 'interrupted',
          detail: `\`${context.redact(command)}\` had run ${seconds(Date.now() - startedAt)} and was stopped (SIGTERM to its process group)${tail ? `; its last output: ${tail.replace(/\n/g, ' / ')}` : ''}`,
        });
      else if (code === 0) finish({ outcome: 'done', ...(tail ? { detail: tail } : {}) });
      else finish({ outcome: 'failed', detail: `exit ${code ?? signal}${tail ? `: ${tail}` : ''}` });
    });
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

async function runHttp(http: NonNullable<Operation['http']>, context: OperationContext): Promise<OperationOutcome> {
  const fill = (text: string) =>
    text.replace(
      /\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g,
      (_, name: string) => context.env[name] ?? process.env[name] ?? '',
    );
  const method = http.method ?? 'POST';
  let url: URL;
  try {
    url = new URL(fill(http.url), context.baseUrl);
  } catch {
    return { outcome: 'failed', detail: `"${context.redact(http.url)}" is no URL` };
  }
  context.log(`  → ${method} ${context.redact(url.href)}`);
  const refusal = checkEgress(url, context.allowedHosts, { action: `call ${method} ${url.origin}${url.pathname}` });
  if (refusal) return { outcome: 'failed', detail: `${refusal.message} ${refusal.hint}` };
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(http.headers ?? {}).map(([name, value]) => [name, fill(value)]),
  );
  if (http.body !== undefined) headers['content-type'] ??= 'application/json';
  const timeout = AbortSignal.timeout(context.timeoutMs);
  const startedAt = Date.now();
  try {
    const response = await fetch(url, {
      method,
      headers,
      ...(http.body !== undefined ? { body: fill(JSON.stringify(http.body)) } : {}),
      signal: AbortSignal.any([timeout, context.signal]),
      redirect: 'manual',
    });
    const text = context.redact((await response.text()).slice(0, KEEP_OUTPUT));
    const ok = http.expect?.status !== undefined ? response.status === http.expect.status : response.ok;
    context.log(`  ← ${response.status}`);
    return ok
      ? { outcome: 'done', ...(text ? { detail: `${response.status} ${text}`.slice(0, 300) } : {}) }
      : {
          outcome: 'failed',
          detail: `answered ${response.status}, expected ${http.expect?.status ?? 'a 2xx'}: ${text.slice(0, 300)}`,
        };
  } catch (error) {
    if (context.signal.aborted)
      // The request was sent: aborting our side does not undo what the target started.
      return {
        outcome: 'interrupted',
        detail: `${method} ${context.redact(url.href)} had waited ${seconds(Date.now() - startedAt)} for its answer; the request was abandoned, and the target may still be carrying it out`,
      };
    if (timeout.aborted) return { outcome: 'timed-out', detail: `no answer within ${context.timeoutMs} ms` };
    return { outcome: 'failed', detail: context.redact(error instanceof Error ? error.message : String(error)) };
  }
}
