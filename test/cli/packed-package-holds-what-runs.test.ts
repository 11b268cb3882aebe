import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHECKOUT } from '../helpers/report-files.js';

// Installed from a tarball or a git URL, Rehearse is what `npm pack` puts in the package: the files
// `rehearse run` and `rehearse init` read must be in it, and every package its compiled code imports
// must be a dependency (devDependencies are not installed for a dependency).

interface PackageJson {
  bin: Record<string, string>;
  exports: Record<string, string>;
  dependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(CHECKOUT, 'package.json'), 'utf8')) as PackageJson;

test('npm pack holds the CLI, dist/, schemas, templates, the shipped partners and seed data, and no tests', () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: CHECKOUT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
    timeout: 60_000,
  });
  assert.equal(packed.status, 0, packed.stderr);
  const [report] = JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>;
  assert.ok(report, packed.stdout);
  const files = report.files;
  const paths = new Set(files.map((f) => f.path));
  const expected = [
    ...Object.values(pkg.bin),
    ...Object.values(pkg.exports),
    'dist/src/cli/main.js',
    'dist/src/playwright/default.config.js',
    'dist/sandbox/index.js',
    'schemas/scenario.schema.json',
    'schemas/config.schema.json',
    'templates/init/rehearse.config.yaml',
    'templates/init/_gitignore',
    'templates/init/_github/workflows/rehearse.yml',
    'virtual-services/carrier/handlers.ts',
    'virtual-services/carrier/faults/healthy.yaml',
    'virtual-services/carrier/contract.json',
    'sandbox/seed/standard.yaml',
  ].map((p) => p.replace(/^\.\//, ''));
  for (const path of expected) assert.ok(paths.has(path), `${path} is packed`);
  const stray = [...paths].filter((p) => /^(test|src|bench|scenarios|tenant-profiles)\/|\.map$/.test(p));
  assert.deepEqual(stray, [], 'tests, sources, source maps and the shipped project stay out');
});

test('every package the compiled code imports is a dependency', () => {
  const imported = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js'))
        // `from 'x'` as tsc writes it (a space before the quote, one line): a string such as
        // 'tax-ship-from' followed by another string is not an import.
        for (const match of readFileSync(path, 'utf8').matchAll(
          /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)'([^'.\n][^'\n]*)'/gm,
        )) {
          const spec = match[1]!;
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          if (!name.startsWith('node:') && !builtinModules.includes(name)) imported.add(name);
        }
    }
  };
  walk(join(CHECKOUT, 'dist'));
  assert.ok(imported.has('tsx'), 'the scan sees the dynamic import of tsx');
  const missing = [...imported].filter((name) => name !== 'rehearse' && !(name in pkg.dependencies));
  assert.deepEqual(missing, [], 'imported but not in dependencies');
});
