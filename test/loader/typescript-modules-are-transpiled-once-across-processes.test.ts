// Page objects (and partner handlers, through the same requireTypeScript) are TypeScript that
// Rehearse transpiles through tsx in every CLI process that loads them. tsx keeps what it
// transpiled in a cache folder ($TMPDIR/tsx-<uid>): a second `rehearse validate` of the same
// project reads it from there — one cache file per module, however many runs — instead of
// starting esbuild again and adding a file every run.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { linkRehearse } from '../helpers/report-files.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();
const PAGE = `import { definePage } from 'rehearse/ui';
export const banner = definePage({ name: 'home.banner', async run(page) { return { text: await page.locator('h1').innerText() }; } });
`;
const SCENARIO = 'name: home\nsteps:\n  - http: GET /health\n';

const ownTemp = mkdtempSync(join(tmpdir(), 'rehearse-tsx-cache-'));
after(() => rmSync(ownTemp, { recursive: true, force: true }));

/** Cache files of tsx under `temp` whose transpiled source is `file`. */
function cacheFilesOf(temp: string, file: string): number {
  const folders = readdirSync(temp).filter((name) => name.startsWith('tsx-'));
  let count = 0;
  for (const folder of folders)
    for (const name of readdirSync(join(temp, folder)))
      if (readFileSync(join(temp, folder, name), 'utf8').includes(JSON.stringify(file).slice(1, -1))) count += 1;
  return count;
}

test('a second process reads a page object from the transpile cache', async () => {
  const p = project({ 'pages/home.ts': PAGE, 'scenarios/home.scenario.yaml': SCENARIO });
  linkRehearse(p.dir);
  const env = { TMPDIR: ownTemp };
  for (let run = 1; run <= 3; run += 1) {
    const result = await runCli(['validate'], { cwd: p.dir, env, timeoutMs: 60_000 });
    assert.equal(result.code, 0, result.stdout + result.stderr);
  }
  assert.equal(
    cacheFilesOf(ownTemp, join(p.dir, 'pages', 'home.ts')),
    1,
    'one cache file for the page object after 3 runs',
  );
});
