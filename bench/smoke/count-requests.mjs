// Preloaded (`NODE_OPTIONS=--import <this file>`) into every process of both sides of
// bench/smoke.bench.ts: counts the HTTP requests each server of the process answers, by method
// and route (document numbers folded to :id), and writes them to `$BENCH_COUNT_DIR/<pid>.json`
// at exit. The sandbox and the virtual partners run in the process that started them (the
// Rehearse CLI; the hand-written side's Playwright runner), so both sides are counted at the
// server, the same way, whoever sent the request. Plain JavaScript: no loader to pay for.
import { writeFileSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';

const dir = process.env.BENCH_COUNT_DIR;
if (dir) {
  const counts = {};
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (event, ...args) {
    if (event === 'request') {
      const request = args[0];
      const path = (request.url ?? '')
        .split('?')[0]
        .replace(/\b(SO|SH|INV)-\d+\b|\bauth_\d+\b|(?<=\/__admin\/runs\/)[0-9a-f]+/g, ':id');
      const key = `${request.method} ${path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return emit.call(this, event, ...args);
  };
  process.on('exit', () => {
    if (Object.keys(counts).length) writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(counts));
  });
}
