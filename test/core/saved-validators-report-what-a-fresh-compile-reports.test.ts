// Schema validators saved by one process (Ajv standalone code, see src/core/validator-cache.ts)
// report exactly what a validator compiled afresh reports: the same diagnostics, positions,
// hints and exit code — cold cache, warm cache, a corrupt cache file, or no cache at all.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();
const cache = mkdtempSync(join(tmpdir(), 'rehearse-validators-'));
after(() => rmSync(cache, { recursive: true, force: true }));

// One mistake of each sort the schemas catch: an unknown key (did-you-mean), a wrong type,
// a duration beyond a timer (Rehearse's own keyword), a bad enum, a missing required key.
const files = {
  'scenarios/a.scenario.yaml': [
    'name: a',
    'timeout: 1000h',
    'steps:',
    '  - http: GET /api/orders',
    '    expct: { status: 200 }',
    '  - repeat: many',
    '    steps: []',
    '',
  ].join('\n'),
  'scenarios/b.scenario.yaml': ['name: b', 'steps:', '  - wait: 5 minutes', '  - http: 42', ''].join('\n'),
  'tenant-profiles/odd.yaml': 'name: odd\ntraits: edi\ncustomers: [{ idd: C-2 }]\n',
  'rehearse.config.yaml': 'environments:\n  sandbox: { baseUrl: 12 }\nworkers: lots\n',
};

async function validate(dir: string, env: NodeJS.ProcessEnv) {
  const result = await runCli(['validate'], { cwd: dir, env, timeoutMs: 60_000 });
  return { code: result.code, output: result.stdout + result.stderr };
}

function savedFiles(): string[] {
  return readdirSync(cache).filter((name) => name.endsWith('.cjs'));
}

test('saved validators give the diagnostics of a fresh compile', async () => {
  const p = project(files);
  const fresh = await validate(p.dir, { REHEARSE_NO_VALIDATOR_CACHE: '1' });
  assert.equal(fresh.code, 2, fresh.output);
  assert.match(fresh.output, /a\.scenario\.yaml:2:10/);
  assert.match(fresh.output, /24\.8 days/);

  const cold = await validate(p.dir, { REHEARSE_VALIDATOR_CACHE_DIR: cache });
  assert.deepEqual(cold, fresh);
  const saved = savedFiles();
  assert.ok(saved.length >= 3, `validators saved: ${saved.join(', ')}`);

  const warm = await validate(p.dir, { REHEARSE_VALIDATOR_CACHE_DIR: cache });
  assert.deepEqual(warm, fresh);
  assert.deepEqual(savedFiles(), saved, 'a warm run reuses what it finds and writes nothing new');

  // Half a file (a crash mid-write by something else): compiled again, and the file mended.
  const victim = join(cache, saved[0]!);
  writeFileSync(victim, 'module.exports = function (data) { return tru');
  const mended = await validate(p.dir, { REHEARSE_VALIDATOR_CACHE_DIR: cache });
  assert.deepEqual(mended, fresh);
  assert.ok(statSync(victim).size > 1000, 'the corrupt validator was written again');
});

test('a valid project stays valid through saved validators', async () => {
  const p = project({
    'scenarios/ok.scenario.yaml': 'name: ok\ntimeout: 2m\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n',
  });
  const fresh = await validate(p.dir, { REHEARSE_NO_VALIDATOR_CACHE: '1' });
  const warm = await validate(p.dir, { REHEARSE_VALIDATOR_CACHE_DIR: cache });
  assert.equal(fresh.code, 0, fresh.output);
  assert.deepEqual(warm, fresh);
});
