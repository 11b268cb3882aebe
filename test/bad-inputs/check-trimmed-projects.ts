// Proves that the malformed-project corpus answers the same in its trimmed copies as in whole
// copies of the shipped project: every case (validate, and run where it has one) through the real
// CLI both ways, the exit code and the whole output compared byte for byte (the copy's folder
// named alike). Run it after a change of the loader or of the shipped scenarios:
//   npx tsc -p tsconfig.build.json && node --import tsx test/bad-inputs/check-trimmed-projects.ts [case-id…]
// Exit 0 when every case answers the same, 1 naming each case that does not.
import { rmSync } from 'node:fs';
import { listCases, prepareProject, runCase, unnamedShippedScenarios } from './bad-input-case.js';

const only = process.argv.slice(2);
const jobs = listCases()
  .filter(({ spec }) => only.length === 0 || only.some((id) => spec.id.startsWith(id)))
  .flatMap(({ dir, spec }) => [
    { dir, spec, mode: 'validate', args: spec.args, timeout: 30_000 },
    ...(spec.run ? [{ dir, spec, mode: 'run', args: spec.run.args, timeout: 90_000 }] : []),
  ]);

async function answer(job: (typeof jobs)[number], full: boolean): Promise<string> {
  const root = await prepareProject(job.dir, job.spec, full);
  try {
    const a = await runCase(root, job.args, job.spec, job.timeout);
    return `exit ${a.code}${a.killed ? ' (killed)' : ''}\n${a.output.split(root).join('<project>')}`;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const differ: string[] = [];
let trimmed = 0;
let next = 0;
const worker = async () => {
  for (let i = next++; i < jobs.length; i = next++) {
    const job = jobs[i]!;
    const left = unnamedShippedScenarios(job.dir, job.spec).length;
    if (left > 0) trimmed++;
    const [whole, trim] = await Promise.all([answer(job, true), answer(job, false)]);
    const same = whole === trim;
    console.log(`${same ? 'same' : 'DIFFERENT'} ${job.spec.id} [${job.mode}] (${left} shipped scenarios left out)`);
    if (!same) differ.push(`${job.spec.id} [${job.mode}]\n--- whole copy ---\n${whole}\n--- trimmed ---\n${trim}`);
  }
};
await Promise.all([worker(), worker()]);
console.log(`${jobs.length} answers compared, ${trimmed} from trimmed copies, ${differ.length} different`);
for (const d of differ) console.log(`\n${d}`);
process.exit(differ.length ? 1 : 0);
