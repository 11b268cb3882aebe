// Playwright's TypeScript loader (module hooks in the runner and every worker) costs a run about a
// second of CPU. `rehearse run` leaves it out when nothing Playwright loads is TypeScript — Rehearse's
// own config, or a project's JavaScript config that imports only packages, and JavaScript reporter
// modules — and keeps it for a playwright.config.ts or a TypeScript reporter, which then still load.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { typescriptLoaderEnv } from '../../src/cli/playwright-typescript-loader.js';
import { linkRehearse } from '../helpers/report-files.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();
const PASSING = 'name: health\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n';
/** A reporter that writes what Playwright's runner was started with. */
const STATE_REPORTER_JS = `import { writeFileSync } from 'node:fs';
export default class LoaderState {
  onBegin() { writeFileSync('loader-state.json', JSON.stringify({ variable: process.env.PW_DISABLE_TS_ESM ?? null })); }
}
`;
const STATE_REPORTER_TS = `import { writeFileSync } from 'node:fs';
import type { Reporter } from '@playwright/test/reporter';
export default class LoaderState implements Reporter {
  private readonly file: string = 'loader-state.json';
  onBegin(): void { writeFileSync(this.file, JSON.stringify({ variable: process.env.PW_DISABLE_TS_ESM ?? null })); }
}
`;
const CONFIG = "import { defineRehearseConfig } from 'rehearse/playwright';\nexport default defineRehearseConfig();\n";
const TS_CONFIG = `import { defineRehearseConfig } from 'rehearse/playwright';
const options: Parameters<typeof defineRehearseConfig>[0] = {};
export default defineRehearseConfig(options);
`;

describe("Playwright's TypeScript loader under rehearse run", () => {
  let target: TestTarget;
  before(async () => {
    target = await startTestTarget();
  });
  after(() => target.close());

  const run = async (files: Record<string, string>, reporter: string) => {
    const p = project({ 'scenarios/health.scenario.yaml': PASSING, ...files });
    linkRehearse(p.dir);
    const result = await runCli(
      ['run', '--base-url', target.url, '--workers', '1', '--tenant', 'standard', '--reporter', `line,${reporter}`],
      {
        cwd: p.dir,
        timeoutMs: 120_000,
      },
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /1 passed/);
    return (JSON.parse(readFileSync(join(p.dir, 'loader-state.json'), 'utf8')) as { variable: string | null }).variable;
  };

  test("is left out with Rehearse's own config and a JavaScript reporter", async () => {
    assert.equal(await run({ 'state-reporter.mjs': STATE_REPORTER_JS }, './state-reporter.mjs'), '1');
  });

  test("is left out with the project's JavaScript config that imports only rehearse/playwright", async () => {
    const files = { 'playwright.config.mjs': CONFIG, 'state-reporter.mjs': STATE_REPORTER_JS };
    assert.equal(await run(files, './state-reporter.mjs'), '1');
  });

  test('stays for a playwright.config.ts, which then loads', async () => {
    const files = {
      'package.json': '{ "type": "module", "private": true }\n',
      'playwright.config.ts': TS_CONFIG,
      'state-reporter.mjs': STATE_REPORTER_JS,
    };
    assert.equal(await run(files, './state-reporter.mjs'), null);
  });

  test('stays for a TypeScript reporter module, which then loads', async () => {
    assert.equal(await run({ 'state-reporter.ts': STATE_REPORTER_TS }, './state-reporter.ts'), null);
  });
});

describe('which JavaScript keeps the loader (typescriptLoaderEnv)', () => {
  const own = '/rehearse/dist/src/playwright/default.config.js';
  const configIn = (files: Record<string, string>, name = 'playwright.config.mjs') => {
    const p = project(files);
    linkRehearse(p.dir);
    return join(p.dir, name);
  };

  test('only packages and Node modules that resolve to JavaScript: left out', () => {
    const config = configIn({
      'playwright.config.mjs': `import { join } from 'node:path';\nimport os from 'os';\n${CONFIG}const ui = require('rehearse/ui');\n`,
    });
    assert.deepEqual(typescriptLoaderEnv(config, own, ['line', 'html'], {}), { PW_DISABLE_TS_ESM: '1' });
  });

  test('a file of the project, a package that resolves to TypeScript, an unknown package: kept', () => {
    const relative = configIn({
      'playwright.config.mjs': `import { base } from './base.mjs';\n${CONFIG}`,
      'base.mjs': '',
    });
    assert.deepEqual(typescriptLoaderEnv(relative, own, [], {}), {});
    const workspace = configIn({ 'playwright.config.mjs': `import helpers from 'acme-helpers';\n${CONFIG}` });
    const helpers = join(workspace, '..', 'node_modules', 'acme-helpers');
    mkdirSync(helpers, { recursive: true });
    writeFileSync(join(helpers, 'package.json'), JSON.stringify({ name: 'acme-helpers', exports: './src/index.ts' }));
    writeFileSync(join(helpers, 'index.ts'), 'export default 1;\n');
    assert.deepEqual(typescriptLoaderEnv(workspace, own, [], {}), {});
    const unknown = configIn({ 'playwright.config.mjs': `import x from 'not-installed-anywhere';\n${CONFIG}` });
    assert.deepEqual(typescriptLoaderEnv(unknown, own, [], {}), {});
  });

  test("a reporter module with a relative import, and the user's own PW_DISABLE_TS_ESM: kept as given", () => {
    const config = configIn(
      { 'r.mjs': "import './helper.mjs';\nexport default class {}\n", 'helper.mjs': '' },
      'r.mjs',
    );
    assert.deepEqual(typescriptLoaderEnv(own, own, [config], {}), {});
    assert.deepEqual(typescriptLoaderEnv(own, own, ['line'], { PW_DISABLE_TS_ESM: '' }), {});
    assert.deepEqual(typescriptLoaderEnv(own, own, ['line'], {}), { PW_DISABLE_TS_ESM: '1' });
  });

  test('what names TypeScript without importing it, or imports what cannot be read: kept', () => {
    const cases: Record<string, string> = {
      globalTeardown:
        "import { defineRehearseConfig } from 'rehearse/playwright';\nexport default defineRehearseConfig({ globalTeardown: './teardown.ts' });\n",
      reporterTuple:
        "import { defineRehearseConfig } from 'rehearse/playwright';\nexport default defineRehearseConfig({ reporter: [['./r.tsx']] });\n",
      templateImport: `import { defineRehearseConfig } from 'rehearse/playwright';\nconst { extra } = await import(\`./helpers.ts\`);\n${''}export default defineRehearseConfig();\n`,
      variableRequire:
        "import { defineRehearseConfig } from 'rehearse/playwright';\nconst name = 'x';\nconst extra = require(name);\nexport default defineRehearseConfig();\n",
      createRequire:
        "import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\nload('x');\nexport default {};\n",
    };
    for (const [name, text] of Object.entries(cases))
      assert.deepEqual(typescriptLoaderEnv(configIn({ 'playwright.config.mjs': text }), own, [], {}), {}, name);
  });

  test('a workspace package linked from outside node_modules: kept, whatever its require condition gives', () => {
    const config = configIn({
      'playwright.config.mjs': `import { extra } from '@acme/shared';\n${CONFIG}`,
      'shared/package.json': JSON.stringify({
        name: '@acme/shared',
        exports: { '.': { import: './src/index.ts', require: './dist/index.cjs' } },
      }),
      'shared/src/index.ts': 'export const extra = 1;\n',
      'shared/dist/index.cjs': 'exports.extra = 1;\n',
    });
    mkdirSync(join(config, '..', 'node_modules', '@acme'), { recursive: true });
    symlinkSync(join(config, '..', 'shared'), join(config, '..', 'node_modules', '@acme', 'shared'), 'dir');
    assert.deepEqual(typescriptLoaderEnv(config, own, [], {}), {});
  });
});
