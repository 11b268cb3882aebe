import { readFileSync, realpathSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { isAbsolute, relative } from 'node:path';
import { packageRoot } from '../core/package-root.js';

/**
 * Playwright Test's own variable: when set, its runner and workers register no TypeScript loader
 * (Node module hooks, `module.register`; `registerESMLoader` in playwright/lib/common).
 */
export const NO_TYPESCRIPT_LOADER_VARIABLE = 'PW_DISABLE_TS_ESM';

const JAVASCRIPT_FILE = /\.[cm]?js$/;
/** The module a file names after `from`, `import` or `require`: the quoted string. */
const MODULE_SPECIFIER = /\b(?:from|import|require)\s*(?:\(\s*)?(['"])([^'"\r\n]{1,500})\1/g;
/** `import(` or `require(` given anything but a quoted string (a template, a variable): unknowable. */
const COMPUTED_MODULE = /\b(?:import|require)\s*\(\s*(?!['"\s])/;
/** A quoted file name Playwright would compile (`globalSetup: './setup.ts'`, `['./reporter.tsx']`). */
const COMPILED_FILE_NAME = /['"`][^'"`\r\n]{0,500}\.(?:[cm]?ts|tsx|jsx)['"`]/;
const BUILTINS = new Set(builtinModules);

/**
 * What to add to a Playwright process's environment so that it starts without Playwright's
 * TypeScript loader when nothing Playwright itself loads is TypeScript: `{ PW_DISABLE_TS_ESM: '1' }`,
 * else `{}`.
 *
 * Playwright registers that loader in its runner and in every worker; from then on every module
 * either imports is resolved and loaded through a hooks thread, whose start and round trips cost
 * a run about a second of CPU (one scenario under `rehearse run`: 5.9 → 4.8 s of CPU, 3.9 → 3.1 s
 * of wall time). Under `rehearse run` and `rehearse report merge` Playwright loads the config, the
 * generated `.mjs` specs, the reporters and what the config names (`globalSetup`, ...); page
 * objects and partner handlers never go through it (tsx loads them). So the loader is left out
 * when the config is Rehearse's own, or JavaScript that names nothing but Node's modules and
 * installed packages (the `playwright.config.mjs` `rehearse init` writes: see
 * `importsOnlyJavaScriptPackages`), and every reporter module named by path is JavaScript of the
 * same kind. A `playwright.config.ts`, a config that imports a file of the project or a workspace
 * package, a `--reporter ./mine.ts` keep it. A `PW_DISABLE_TS_ESM` the user set is theirs (set it
 * empty to keep the loader whatever Rehearse reads).
 *
 * @param configFile the config Playwright is given (absolute path)
 * @param ownConfigFile Rehearse's default config (absolute path)
 * @param reporters reporter names and module paths (absolute) as `parseReporters` returns them
 * @param env the environment the process would otherwise get
 */
export function typescriptLoaderEnv(
  configFile: string,
  ownConfigFile: string,
  reporters: readonly string[],
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  if (env[NO_TYPESCRIPT_LOADER_VARIABLE] !== undefined) return {};
  if (configFile !== ownConfigFile && !importsOnlyJavaScriptPackages(configFile)) return {};
  const modules = reporters.filter((name) => /[/\\]/.test(name));
  if (!modules.every(importsOnlyJavaScriptPackages)) return {};
  return { [NO_TYPESCRIPT_LOADER_VARIABLE]: '1' };
}

/**
 * True when `file` is JavaScript whose modules are all of Node or packages Playwright never
 * compiles: each resolves (from `file`'s folder) to a JavaScript file under a `node_modules`
 * folder — Playwright's loader leaves those alone — or in Rehearse's own package. Anything it
 * cannot be sure of keeps the loader: a relative or absolute import, a package linked from
 * outside node_modules (a workspace package, which may export TypeScript under `import`), a
 * package that does not resolve, an `import()`/`require()` of something other than a quoted
 * string, `createRequire`, a quoted `.ts`/`.tsx`/`.jsx` file name anywhere (a `globalSetup`, a
 * reporter in the config's overrides), an unreadable file.
 */
function importsOnlyJavaScriptPackages(file: string): boolean {
  if (!JAVASCRIPT_FILE.test(file)) return false;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (/\bcreateRequire\b|\bimport\.meta\.resolve\b/.test(text)) return false;
  if (COMPUTED_MODULE.test(text) || COMPILED_FILE_NAME.test(text)) return false;
  const resolveHere = createRequire(file);
  for (const match of text.matchAll(MODULE_SPECIFIER)) {
    const specifier = match[2]!;
    if (specifier.startsWith('node:') || BUILTINS.has(specifier)) continue;
    if (/^[./]|^file:|^[a-zA-Z]:[\\/]/.test(specifier)) return false;
    let resolved: string;
    try {
      resolved = resolveHere.resolve(specifier);
    } catch {
      return false;
    }
    if (!JAVASCRIPT_FILE.test(resolved)) return false;
    if (!/[\\/]node_modules[\\/]/.test(resolved) && !isInside(resolved, ownPackage())) return false;
  }
  return true;
}

let ownRoot: string | undefined;

/** Rehearse's package folder, links resolved (what `require.resolve` gives for its files). */
function ownPackage(): string {
  ownRoot ??= realpathSync(packageRoot());
  return ownRoot;
}

function isInside(file: string, dir: string): boolean {
  const path = relative(dir, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}
