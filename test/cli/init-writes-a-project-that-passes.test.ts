import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { filesUnder, linkRehearse, reportedTests } from '../helpers/report-files.js';
import { runCli } from '../helpers/run-cli.js';

// What `rehearse init` promises: the files of the shipped shape, valid and green against the embedded
// sandbox at once; never an overwritten file without --force; never an overwritten package.json.

const TEMPLATE_FILES = [
  '.github/workflows/rehearse.yml',
  '.gitignore',
  'playwright.config.mjs',
  'rehearse.config.yaml',
  'scenarios/actions/sales-orders.yaml',
  'scenarios/fragments/enter-order.yaml',
  'scenarios/order-is-allocated.scenario.yaml',
  'tenant-profiles/standard.yaml',
];

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temp folder where `rehearse` resolves as in a user's repository: node_modules/rehearse → this checkout. */
function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-init-'));
  made.push(dir);
  linkRehearse(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const cli = (args: string[], cwd: string, timeoutMs = 60_000) => runCli(args, { cwd, timeoutMs });

describe('rehearse init', () => {
  test('scaffolds a project into a missing folder that validates and runs green against the embedded sandbox', async () => {
    const base = workspace();
    const init = await cli(['init', 'suite'], base);
    assert.equal(init.code, 0, init.stdout + init.stderr);
    const root = join(base, 'suite');
    assert.deepEqual(filesUnder(root), [...TEMPLATE_FILES, 'package.json'].sort());
    for (const file of [...TEMPLATE_FILES, 'package.json']) assert.match(init.stdout, new RegExp(`^  ${file}`, 'm'));
    assert.match(init.stdout, /cd suite && npx rehearse run/);

    for (const file of filesUnder(root)) {
      const text = readFileSync(join(root, file), 'utf8');
      assert.doesNotMatch(text, /@[A-Z_]+@/, `${file} keeps a template token`);
      const modeline = /\$schema=(\S+)/.exec(text);
      if (file.endsWith('.yaml')) {
        assert.ok(modeline, `${file} has a yaml-language-server modeline`);
        const schema = resolve(dirname(join(root, file)), modeline[1]!);
        assert.match(modeline[1]!, /node_modules\/rehearse\/schemas\/[a-z-]+\.schema\.json$/);
        assert.ok(existsSync(schema), `${file}: ${modeline[1]} exists`);
      }
    }
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name: string;
      scripts: Record<string, string>;
    };
    assert.equal(pkg.name, 'suite');
    assert.equal(pkg.scripts.test, 'rehearse run');
    assert.deepEqual(
      readFileSync(join(root, '.gitignore'), 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#')),
      ['reports/', 'test-results/', '.rehearse/'],
    );
    assert.equal(
      readFileSync(join(root, 'playwright.config.mjs'), 'utf8'),
      readFileSync(new URL('../../playwright.config.mjs', import.meta.url), 'utf8'),
      'the same playwright.config.mjs as the shipped project',
    );

    const validate = await cli(['validate'], root);
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);
    assert.match(validate.stdout, /1 scenario\(s\), 3 action\(s\), 1 fragment\(s\), 1 tenant profile\(s\): all valid/);

    const run = await cli(['run', '--reporter', 'line,junit,json'], root, 180_000);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const junit = readFileSync(join(root, 'reports/junit.xml'), 'utf8');
    assert.match(junit, /<testsuites name="rehearse" tests="1" failures="0" errors="0" skipped="0"/);
    const [only, ...others] = reportedTests(join(root, 'reports/results.json'));
    assert.equal(others.length, 0);
    assert.equal(only?.status, 'passed');
    assert.equal(only?.result.scenario, 'order-is-allocated');
    assert.equal(only?.result.tenant, 'standard');
    // The fragment's step, the action's and the request really ran against the sandbox, and so did cleanup.
    const steps = only!.result.steps;
    assert.ok(steps.length >= 3, JSON.stringify(steps));
    assert.ok(
      steps.every((s) => s.status === 'passed'),
      JSON.stringify(steps),
    );
    assert.ok(
      steps.some((s) => /Allocate stock/.test(s.title)),
      JSON.stringify(steps),
    );
    assert.deepEqual(
      only!.result.cleanup.map((s) => s.status),
      ['passed'],
    );
  });

  test('refuses to overwrite existing files: lists them, exit 2, a hint at --force, nothing written', async () => {
    const base = workspace();
    assert.equal((await cli(['init'], base)).code, 0);
    writeFileSync(join(base, 'rehearse.config.yaml'), '# mine\n');
    rmSync(join(base, 'tenant-profiles/standard.yaml'));

    const again = await cli(['init'], base);
    assert.equal(again.code, 2, again.stdout + again.stderr);
    assert.match(again.stderr, /REHEARSE_INIT_FILES_EXIST/);
    for (const file of TEMPLATE_FILES.filter((f) => f !== '.gitignore' && f !== 'tenant-profiles/standard.yaml'))
      assert.match(again.stderr, new RegExp(`^  ${file}$`, 'm'));
    assert.doesNotMatch(again.stderr, /tenant-profiles\/standard\.yaml/);
    assert.match(again.stderr, /--force/);
    assert.doesNotMatch(again.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(readFileSync(join(base, 'rehearse.config.yaml'), 'utf8'), '# mine\n');
    assert.ok(!existsSync(join(base, 'tenant-profiles/standard.yaml')), 'nothing was written');
  });

  test('--force overwrites the template files but never package.json, and adds no .gitignore line twice', async () => {
    const base = workspace();
    assert.equal((await cli(['init'], base)).code, 0);
    writeFileSync(join(base, 'rehearse.config.yaml'), '# mine\n');
    const pkg = '{ "name": "kept", "private": true }\n';
    writeFileSync(join(base, 'package.json'), pkg);

    const forced = await cli(['init', '--force'], base);
    assert.equal(forced.code, 0, forced.stdout + forced.stderr);
    assert.match(forced.stdout, /rehearse\.config\.yaml {2}\(overwritten\)/);
    assert.match(readFileSync(join(base, 'rehearse.config.yaml'), 'utf8'), /embedded: sandbox/);
    assert.equal(readFileSync(join(base, 'package.json'), 'utf8'), pkg);
    assert.match(forced.stdout, /package\.json exists and was left as it is/);
    const gitignore = readFileSync(join(base, '.gitignore'), 'utf8');
    assert.equal(gitignore, readFileSync(new URL('../../templates/init/_gitignore', import.meta.url), 'utf8'));
    assert.equal((await cli(['validate'], base)).code, 0);
  });

  test('into a non-empty folder with its own package.json: leaves it and the other files, says which scripts to add', async () => {
    const pkg = JSON.stringify({ name: 'shop', private: true, scripts: { test: 'node --test' } }, null, 2);
    const base = workspace({
      'package.json': pkg,
      'src/index.js': 'export const shop = 1;\n',
      '.gitignore': 'node_modules/\n/reports', // no newline at the end: the added lines start on their own
    });
    const init = await cli(['init'], base);
    assert.equal(init.code, 0, init.stdout + init.stderr);
    assert.equal(readFileSync(join(base, 'package.json'), 'utf8'), pkg);
    assert.equal(readFileSync(join(base, 'src/index.js'), 'utf8'), 'export const shop = 1;\n');
    assert.match(init.stdout, /package\.json exists and was left as it is\. Add to its "scripts":/);
    assert.match(init.stdout, /"rehearse": "rehearse",/);
    assert.match(init.stdout, /"test:rehearse": "rehearse run"/, 'test is taken: another name');
    assert.match(init.stdout, /\.gitignore {2}\(added test-results\/, \.rehearse\/\)/);
    assert.equal(
      readFileSync(join(base, '.gitignore'), 'utf8'),
      'node_modules/\n/reports\ntest-results/\n.rehearse/\n',
    );
    assert.equal((await cli(['validate'], base)).code, 0);
  });

  for (const git of [true, false])
    test(`an e2e/ folder of an app repo that installed Rehearse at its root uses the root package.json (${git ? 'a git repository' : 'no git yet: the package.json folder is the root'})`, async () => {
      const base = workspace({
        'package.json': '{ "name": "app", "private": true }\n',
        ...(git ? { '.git/HEAD': 'ref: main\n' } : {}),
      });
      const init = await cli(['init', 'e2e'], base);
      assert.equal(init.code, 0, init.stdout + init.stderr);
      assert.ok(!existsSync(join(base, 'e2e/package.json')));
      assert.match(init.stdout, /"rehearse": "rehearse -C e2e",/);
      assert.match(init.stdout, /"test": "rehearse -C e2e run"/);
      assert.match(init.stdout, /move e2e\/\.github\/workflows\/rehearse\.yml to \.github\/workflows\//);
      const workflow = readFileSync(join(base, 'e2e/.github/workflows/rehearse.yml'), 'utf8');
      assert.match(workflow, /working-directory: '\.'/);
      assert.match(workflow, /node node_modules\/\.bin\/rehearse -C e2e run/);
      assert.match(workflow, /path: 'e2e\/reports\/'/);
      assert.match(readFileSync(join(base, 'e2e/rehearse.config.yaml'), 'utf8'), /\$schema=\.\.\/node_modules\//);
      assert.equal((await cli(['-C', 'e2e', 'validate'], base)).code, 0);
    });

  test('a file where the folder should be is exit 2 with a code; --help says what init writes', async () => {
    const base = workspace({ 'taken.txt': 'x' });
    const refused = await cli(['init', 'taken.txt'], base);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /error REHEARSE_INIT_NOT_A_DIRECTORY: Failed to write a project to taken\.txt/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /);

    const help = await cli(['init', '--help'], base);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: rehearse init \[options\] \[dir\]/);
    assert.match(help.stdout, /--force/);
    assert.match(help.stdout, /\.github\/workflows\/rehearse\.yml/);
  });
});
