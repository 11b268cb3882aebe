// The seeded fuzzer through the real CLI: 30 mutants of the shipped project in CI (FUZZ_CLI_CASES),
// two at a time. `validate` exits 0 or 2 only, with no stack trace and a position on every
// error; `run --base-url <a closed port>` agrees on every mutant: a project validate accepts
// stops at the preflight (exit 3), one it refuses is refused by run too (exit 2) before
// anything starts. FUZZ_SEED replays a run; a failure names the case, the file and the mutation.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { INTERNALS, REPO, runCase, STACK, type BadInputCase } from './bad-input-case.js';
import { copyShippedProject, mutate, random, userFiles } from './fuzz/mutations.js';

const SEED = process.env.FUZZ_SEED ?? String(Date.now() % 1_000_000);
// 30 in CI (CI=true, as .ci/run runs; a new seed each run, so coverage adds up over runs); fewer on a developer's machine, where the suite runs often.
const CASES = Number(process.env.FUZZ_CLI_CASES ?? (process.env.CI ? 30 : 20));
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);
const WORKERS = 2;
const STARTED = /Starting the embedded|is healthy|Running \d+ test/;
const HEADER = /^(\S.*?) (error|warning) (REHEARSE_\w+)$/gm;

const roots = Array.from({ length: WORKERS }, () => copyShippedProject(REPO));
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** What is wrong with one answer of the CLI, in words. */
function problemsOf(mode: string, output: string, exit: number | null, killed: boolean): string[] {
  const out: string[] = [];
  if (killed) out.push(`${mode}: hang (killed)`);
  if (STACK.test(output)) out.push(`${mode}: a stack trace`);
  for (const re of INTERNALS) if (re.test(output)) out.push(`${mode}: ${re.source}`);
  for (const [, where, severity, code] of output.matchAll(HEADER))
    if (severity === 'error' && !/:\d+:\d+$/.test(where!))
      out.push(`${mode}: ${code} without file:line:col (${where})`);
  if (mode === 'validate' && exit !== 0 && exit !== 2) out.push(`validate: exit ${exit}`);
  return out;
}

test(`${CASES} mutants through the CLI: validate exits 0 or 2 with positions, and run agrees (seed ${SEED})`, async () => {
  console.log(`fuzz (CLI) seed ${SEED} (replay: FUZZ_SEED=${SEED} FUZZ_ONLY=<case>)`);
  const files = userFiles(roots[0]!);
  const originals = new Map(files.map((f) => [f, readFileSync(join(roots[0]!, f))]));
  const port = await closedPort();
  const spec: BadInputCase = { id: 'fuzz', kind: 'fuzz', title: 'fuzz', args: [], expect: {} };
  const failures: string[] = [];
  const tally = { accepted: 0, refused: 0 };
  let next = 0;
  const worker = async (root: string) => {
    for (let i = next++; i < CASES; i = next++) {
      if (ONLY !== undefined && i !== ONLY) continue;
      const rng = random(`${SEED}/cli/${i}`);
      const file = rng.pick(files);
      const mutant = mutate(rng, originals.get(file)!);
      const replay = `case ${i} (FUZZ_SEED=${SEED} FUZZ_ONLY=${i}): ${file}: ${mutant.description}`;
      writeFileSync(join(root, file), mutant.bytes);
      try {
        const validate = await runCase(root, ['validate'], spec, 60_000);
        const run = await runCase(
          root,
          ['run', '--base-url', `http://127.0.0.1:${port}`, '--workers', '1', '--reporter', 'line'],
          spec,
          90_000,
        );
        const problems = [
          ...problemsOf('validate', validate.output, validate.code, validate.killed),
          ...problemsOf('run', run.output, run.code, run.killed),
        ];
        if (validate.code === 0 && run.code !== 3) problems.push(`validate accepts, run exits ${run.code}`);
        if (validate.code === 2 && run.code !== 2) problems.push(`validate refuses, run exits ${run.code}`);
        if (validate.code === 2 && STARTED.test(run.output)) problems.push('run started although validate refuses');
        if (problems.length)
          failures.push(`${replay}\n    ${problems.join('\n    ')}\n    run said: ${run.output.slice(0, 400)}`);
        if (validate.code === 0) tally.accepted++;
        else tally.refused++;
      } finally {
        writeFileSync(join(root, file), originals.get(file)!);
      }
    }
  };
  await Promise.all(roots.map(worker));
  console.log(`fuzz (CLI) seed ${SEED}: ${tally.accepted} mutants accepted, ${tally.refused} refused`);
  assert.deepEqual(failures, []);
});
