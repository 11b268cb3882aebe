// Under `rehearse run` every Playwright process reads the project the CLI validated from a snapshot
// (src/loader/project-snapshot.ts), so none needs the loader: yaml, TypeBox's 247 modules and the
// checks are about 300 modules, each a round trip to Playwright's module-loader thread in every
// runner and worker. This proves, on the compiled package as Playwright imports it, that a worker's
// imports — the config, the tests' declarations, what runs a test — hold none of them (nor tsx,
// which only a page object needs), and that
// without a snapshot (plain `npx playwright test`) the config still loads and validates the project.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../src/loader/load-project.js';
import { writeProjectSnapshot } from '../../src/loader/project-snapshot.js';
import { RUN_OPTIONS_VARIABLE } from '../../src/playwright/run-options.js';
import { CHECKOUT } from '../helpers/report-files.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-imports-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DIST = join(CHECKOUT, 'dist', 'src', 'playwright');
// Records every module the ESM loader loads (as Playwright's does), and what was required as
// CommonJS, and prints them at exit.
const RECORDER = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (url) => urls.push(url));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(\`
  let port;
  export function initialize(data) { port = data.port; }
  export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
\`), { data: { port: port2 }, transferList: [port2] });
import { createRequire } from 'node:module';
const required = createRequire(process.cwd() + '/').cache;
process.on('beforeExit', () => {
  process.stdout.write(JSON.stringify([...urls, ...Object.keys(required).map((file) => 'file://' + file)]));
});
`)}`;

function importedBy(entries: string[], env: NodeJS.ProcessEnv): string[] {
  const script = `for (const f of ${JSON.stringify(entries)}) await import(f); await new Promise((r) => setTimeout(r, 200));`;
  const child = spawnSync(process.execPath, ['--import', RECORDER, '--input-type=module', '-e', script], {
    cwd: CHECKOUT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as string[];
}

const loaderModules = (urls: string[]) =>
  urls.filter((u) =>
    // The packages, or the seams the build bundles them into (scripts/build.mjs).
    /node_modules\/(@sinclair\/typebox|yaml)\/|dist\/src\/(core\/typebox|core\/yaml-library|loader\/load-project)\.js$/.test(
      u,
    ),
  );

test("a worker's imports under rehearse run hold no loader, yaml or TypeBox module", () => {
  const loaded = loadProject({ root: CHECKOUT });
  assert.ok(loaded.project, 'the shipped project loads');
  const snapshot = join(dir, 'project.v8');
  writeProjectSnapshot(loaded.project, snapshot);
  const run = {
    root: CHECKOUT,
    projectSnapshot: snapshot,
    projectDigest: loaded.project.digest,
    tenants: [],
    scenarios: [],
    drivers: [],
    reporters: ['list'],
  };
  const urls = importedBy([join(DIST, 'index.js'), join(DIST, 'define-tests.js'), join(DIST, 'scenario-test.js')], {
    [RUN_OPTIONS_VARIABLE]: JSON.stringify(run),
    TEST_WORKER_INDEX: '0',
  });
  assert.ok(
    urls.some((u) => u.endsWith('/dist/src/engine/run-scenario.js')),
    `the engine was imported (${urls.length} modules)`,
  );
  assert.deepEqual(loaderModules(urls), [], `${urls.length} modules`);
  // Nor the TypeScript compiler: only a ui step naming a page object needs it (tsx and esbuild's
  // JavaScript API, 60–90 ms to load in every runner and api-only worker).
  assert.deepEqual(
    urls.filter((u) => /node_modules\/(tsx|esbuild)\//.test(u)),
    [],
  );
  // Nor the EDI toolkit: it is imported on a run's first EDI step.
  assert.deepEqual(
    urls.filter((u) => /dist\/src\/edi\//.test(u)),
    [],
  );
});

test('without a snapshot (plain npx playwright test) the config imports the loader and validates', () => {
  const urls = importedBy([join(DIST, 'index.js')], { [RUN_OPTIONS_VARIABLE]: '' });
  assert.ok(
    urls.some((u) => u.endsWith('/dist/src/loader/load-project.js')),
    'the loader is imported when no snapshot serves',
  );
});
