// A seeded fuzzer over the package's main export: 500 mutants (a new seed each run) of the shipped project's files
// (lines deleted, duplicated and swapped, scalars of another type, look-alike and invisible
// characters, alias cycles and bombs, truncation at a byte, invalid bytes, re-indentation,
// megabyte lines, deep nesting) loaded with `loadProject` from `import('rehearse')`: none may
// throw, none may take more than 5 s of CPU, every error has file:line:col, and the text of
// the problems stays bounded. FUZZ_SEED replays a run; FUZZ_CASES changes the count; a failure
// names the seed, the case, the file and the mutation.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO } from './bad-input-case.js';
import { copyShippedProject, mutate, random, userFiles } from './fuzz/mutations.js';

const SEED = process.env.FUZZ_SEED ?? String(Date.now() % 1_000_000);
const CASES = Number(process.env.FUZZ_CASES ?? 500);
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);
const MAX_CPU_MS = 5000;

const root = copyShippedProject(REPO);
after(() => rmSync(root, { recursive: true, force: true }));

test(`${CASES} mutants of the shipped files load without a crash, a hang or a position missing (seed ${SEED})`, async () => {
  console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} [FUZZ_ONLY=<case>])`);
  const { loadProject, formatDiagnostics } = await import('rehearse');
  const files = userFiles(root);
  assert.ok(files.length >= 20, `only ${files.length} user files to mutate`);
  const originals = new Map(files.map((f) => [f, readFileSync(join(root, f))]));
  const failures: string[] = [];
  const verdicts = { valid: 0, invalid: 0 };
  let slowest = { cpuMs: 0, replay: '' };
  for (let i = 0; i < CASES && failures.length < 5; i++) {
    if (ONLY !== undefined && i !== ONLY) continue;
    const rng = random(`${SEED}/${i}`);
    const file = rng.pick(files);
    const mutant = mutate(rng, originals.get(file)!);
    const replay = `case ${i} (FUZZ_SEED=${SEED} FUZZ_ONLY=${i}): ${file}: ${mutant.description}`;
    writeFileSync(join(root, file), mutant.bytes);
    const started = process.cpuUsage();
    try {
      const result = loadProject({ root });
      const text = formatDiagnostics(result.diagnostics, { sources: result.sources });
      const cpu = process.cpuUsage(started);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const errors = result.diagnostics.filter((d) => d.severity !== 'warning');
      const unplaced = errors.filter((d) => !d.file || !d.line || !d.column);
      if (cpuMs > slowest.cpuMs) slowest = { cpuMs, replay };
      if (cpuMs > MAX_CPU_MS) failures.push(`${replay}: ${cpuMs.toFixed(0)} ms of CPU`);
      if (unplaced.length) failures.push(`${replay}: no position on ${unplaced.map((d) => d.code).join(', ')}`);
      if (result.project === undefined && errors.length === 0) failures.push(`${replay}: no project and no error`);
      if (text.length > 256 * 1024) failures.push(`${replay}: ${text.length} characters of problems`);
      verdicts[errors.length ? 'invalid' : 'valid']++;
    } catch (error) {
      failures.push(`${replay}: threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      writeFileSync(join(root, file), originals.get(file)!);
    }
  }
  console.log(`fuzz seed ${SEED}: ${verdicts.valid} mutants valid, ${verdicts.invalid} refused`);
  console.log(`slowest: ${slowest.cpuMs.toFixed(0)} ms of CPU, ${slowest.replay}`);
  assert.deepEqual(failures, []);
  if (ONLY === undefined)
    assert.ok(verdicts.invalid > CASES / 5, 'the mutations should break a good share of the files');
});
