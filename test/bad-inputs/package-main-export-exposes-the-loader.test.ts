// `import('rehearse')` resolves (the package imports itself by name, through the "." export
// of package.json) and exposes the loader, so tools such as the fuzzer need no internal paths.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { REPO } from './bad-input-case.js';
import { tempProject } from '../helpers/temp-project.js';

test("import('rehearse') resolves to the built main export", () => {
  assert.equal(fileURLToPath(import.meta.resolve('rehearse')), `${REPO}dist/src/index.js`);
});

test('the main export loads the shipped project and formats problems of a broken one', async () => {
  const rehearse = await import('rehearse');
  for (const name of [
    'loadProject',
    'formatDiagnostics',
    'findProjectFiles',
    'buildMatrix',
    'parseYamlSource',
    'characterName',
  ])
    assert.equal(typeof (rehearse as Record<string, unknown>)[name], 'function', name);
  const shipped = rehearse.loadProject({ root: REPO });
  assert.ok(shipped.project, rehearse.formatDiagnostics(shipped.diagnostics, { sources: shipped.sources }));
  assert.ok(rehearse.buildMatrix(shipped.project).length > 0);

  const broken = tempProject({ 'scenarios/a.scenario.yaml': 'name: a\nvars: &v { self: *v }\nsteps: []\n' });
  try {
    const result = rehearse.loadProject({ root: broken.dir });
    assert.equal(result.project, undefined);
    const text = rehearse.formatDiagnostics(result.diagnostics, { sources: result.sources });
    assert.match(text, /^scenarios\/a\.scenario\.yaml:2:\d+ error REHEARSE_YAML_ALIAS_CYCLE$/m);
  } finally {
    broken.remove();
  }
});

test('the main export loads no driver: neither Playwright nor undici', () => {
  // A resolve hook that refuses the drivers' packages: importing them would fail the import.
  const hook = `export async function resolve(specifier, context, next) {
    const result = await next(specifier, context);
    if (/node_modules\\/(playwright|playwright-core|@playwright\\/test|undici)\\//.test(result.url)) throw new Error('loaded ' + result.url);
    return result;
  }`;
  const script = `import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
    const rehearse = await import('rehearse');
    console.log(Object.keys(rehearse).length);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr.slice(0, 2000));
  assert.ok(Number(result.stdout.trim()) > 10);
  const driver = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script.replace("import('rehearse')", "import('rehearse/playwright')")],
    {
      cwd: REPO,
      encoding: 'utf8',
    },
  );
  assert.notEqual(driver.status, 0, 'the hook catches a driver import (rehearse/playwright loads Playwright)');
});
