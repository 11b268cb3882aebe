// `npm run build` (and `npm ci`, through scripts/setup.mjs): compiles the TypeScript to dist/,
// then replaces the compiled output of each library seam below with one file that bundles the
// same exports (esbuild). A seam is a module of Rehearse that only re-exports a library made of
// hundreds of small ES modules, which Node 20 resolves, reads and compiles one at a time on
// every start; one file loads in a tenth of the time. The bundle is made from the compiled seam
// itself, so its exports are the seam's by construction (test/core proves it for each seam, as
// listed in scripts/library-seams.json).
// Without this step (a bare `tsc`) the seams load the library as it is: slower, never wrong.
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The compiled seams (under dist/), the libraries each re-exports, and why each one is one. */
const LIBRARY_SEAMS = JSON.parse(readFileSync(`${root}scripts/library-seams.json`, 'utf8'));

function compile() {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function bundleSeams() {
  const { build } = await import('esbuild');
  for (const { seam } of LIBRARY_SEAMS) {
    const entry = `${root}${seam}`;
    const bundled = `${entry}.bundle.tmp`;
    await build({
      entryPoints: [entry],
      outfile: bundled,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      legalComments: 'inline',
      // A CommonJS library (yaml's node build) still requires Node's built-ins by name.
      banner: {
        js: "import { createRequire as __seamRequire } from 'node:module'; const require = __seamRequire(import.meta.url);",
      },
    });
    renameSync(bundled, entry);
    // tsc's source map describes the re-exports the bundle replaced.
    rmSync(`${entry}.map`, { force: true });
  }
}

compile();
await bundleSeams();
