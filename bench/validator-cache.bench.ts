// What saving compiled schema validators buys each CLI start: `rehearse validate` on the shipped
// project with the cache off (Ajv compiles every schema) against a warm cache, alternated in
// the same command, best of N CPU time (user + system) of the child process. A ratio below 1
// is the saving; see src/core/validator-cache.ts.
// Run: node --import tsx bench/validator-cache.bench.ts [rounds]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin', 'rehearse.js');
const rounds = Number(process.argv[2] ?? 5);
const cache = mkdtempSync(join(tmpdir(), 'rehearse-bench-validators-'));

function cpuMs(env: NodeJS.ProcessEnv): number {
  // /usr/bin/time is not everywhere; the child reports its own CPU as it exits.
  const probe = `process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nCPU_US '+(u.user+u.system)+'\\n')})`;
  const result = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, bin, 'validate'],
    {
      cwd: repo,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`validate failed: ${result.stdout}${result.stderr}`);
  const match = /CPU_US (\d+)/.exec(result.stderr);
  if (!match) throw new Error('no CPU figure from the child');
  return Number(match[1]) / 1000;
}

try {
  cpuMs({ REHEARSE_VALIDATOR_CACHE_DIR: cache }); // fills the cache
  let off = Infinity;
  let warm = Infinity;
  for (let i = 0; i < rounds; i++) {
    off = Math.min(off, cpuMs({ REHEARSE_NO_VALIDATOR_CACHE: '1' }));
    warm = Math.min(warm, cpuMs({ REHEARSE_VALIDATOR_CACHE_DIR: cache }));
  }
  console.log(`rehearse validate (shipped project), best CPU of ${rounds}:`);
  console.log(`  compiled every start  ${off.toFixed(0).padStart(6)} ms`);
  console.log(`  saved validators      ${warm.toFixed(0).padStart(6)} ms`);
  console.log(`  ratio saved/compiled  ${(warm / off).toFixed(2)}`);
} finally {
  rmSync(cache, { recursive: true, force: true });
}
