import type { Output } from './output.js';

// `rehearse run | head -3`: the reader reads three lines and closes the pipe. For a run that is
// not an error: the run goes on, writes its reports and exits with its own code, as
// `git log | head` does. Only writing to that stream stops. `main.ts` makes every command outlive
// a closed pipe so; a run and a merge also stop writing to it (`runOutput`), and so does
// Playwright's runner, which writes to the same pipe (closed-pipes-hook.ts).

/** A stream the process writes to and whether its reader is gone. */
export interface WatchedStream {
  readonly closed: boolean;
}

/**
 * Makes `stream` outlive a reader that closes: EPIPE, and the writes-after-close that follow it
 * (`ERR_STREAM_DESTROYED`), mark it closed instead of crashing the process. Every other error
 * goes to the listeners it had (none: thrown, as Node would). For the rest of the process: an
 * EPIPE can still arrive after the last write returned.
 */
export function outliveClosedPipe(stream: NodeJS.WriteStream): WatchedStream {
  const previous = stream.listeners('error') as Array<(error: Error) => void>;
  let closed = false;
  stream.removeAllListeners('error');
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || (closed && error.code === 'ERR_STREAM_DESTROYED')) {
      closed = true;
      return;
    }
    if (previous.length === 0) throw error;
    for (const listener of previous) listener(error);
  });
  return {
    get closed() {
      return closed || stream.destroyed || !stream.writable;
    },
  };
}

/**
 * The CLI's output for a run, a drill or a merge (whose exit codes gate), over the process's streams (`processOutput`): a closed stdout or
 * stderr is no longer written to, and nothing else changes — the run finishes, writes its
 * reports and exits with its own code. Changes the streams' error handling for the rest of the
 * process (see `outliveClosedPipe`).
 */
export function runOutput(output: Output): Output {
  const out = outliveClosedPipe(process.stdout);
  const err = outliveClosedPipe(process.stderr);
  return {
    out: (text) => (out.closed ? undefined : output.out(text)),
    err: (text) => (err.closed ? undefined : output.err(text)),
    color: output.color,
  };
}
