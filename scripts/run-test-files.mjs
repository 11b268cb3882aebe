// Runs the test files given, in that order, a few at a time (TEST_CONCURRENCY below), with Node's
// test runner (started by scripts/run-tests.mjs as `node --import tsx`; each file's process
// inherits the import). Node
// 20's `node --test <files>` sorts its files by path whatever order they come in; run() keeps
// the order, so the longest files start first. Prints the spec reporter's output; with
// TEST_DURATIONS_OUT=<file>, also writes each file's duration there.
import { createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { PassThrough } from 'node:stream';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import durations from './test-durations-reporter.mjs';

const files = process.argv.slice(2);
// TEST_CONCURRENCY=<n>: files at once. By default one more than the cores: many files spend much
// of their time waiting (a load's duration, a server's start, a signal's grace period), and on
// this 2-core machine three at once took the suite from 18.9 to 17.3 min.
const concurrency =
  Number(process.env.TEST_CONCURRENCY) > 0 ? Number(process.env.TEST_CONCURRENCY) : availableParallelism() + 1;
const events = run({ files, concurrency });

const toSpec = new PassThrough({ objectMode: true });
toSpec.pipe(new spec()).pipe(process.stdout);
const consumers = [toSpec];
let written = Promise.resolve();
if (process.env.TEST_DURATIONS_OUT) {
  const toDurations = new PassThrough({ objectMode: true });
  consumers.push(toDurations);
  const out = createWriteStream(process.env.TEST_DURATIONS_OUT);
  written = new Promise((done) => out.on('close', done));
  (async () => {
    for await (const text of durations(toDurations)) out.write(text);
    out.end();
  })();
}

let failed = false;
for await (const event of events) {
  if (event.type === 'test:fail') failed = true;
  for (const consumer of consumers) consumer.write(event);
}
for (const consumer of consumers) consumer.end();
await written;
if (failed) process.exitCode = 1;
