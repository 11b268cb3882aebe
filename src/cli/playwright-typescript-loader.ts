import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';

/**
 * Playwright Test's own variable: when set, its runner and workers register no TypeScript loader
 * (Node module hooks, `module.register`; `registerESMLoader` in playwright/lib/common).
 */
export const NO_TYPESCRIPT_LOADER_VARIABLE = 'PW_DISABLE_TS_ESM';

const JAVASCRIPT_FILE = /\.[cm]?js$/;
/** The module a file names after `from`, `import` or `require`: the quoted string. */
const MODULE_SPECIFIER = /\b(?:from|import|require)\s*(?:\(\s*)?(['"])([^'"\r\n]{1,500})\1/g;
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
 * generated `.mjs` specs and the reporters; page objects and partner handlers never go through it
 * (tsx loads them). So the loader is left out when the config is Rehearse's own, or JavaScript
 * that imports nothing but packages and Node's modules which resolve to JavaScript (the
 * `playwright.config.mjs` `rehearse init` writes), and every reporter module named by path is
 * JavaScript of the same kind. A `playwright.config.ts`, a config that imports a file of the
 * project, a `--reporter ./mine.ts` keep it. A `PW_DISABLE_TS_ESM` the user set is theirs.
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
 * True when `file` is JavaScript and each module it names is one of Node's or a package that
 * resolves (from `file`'s folder) to a JavaScript file. A relative or absolute import, a package
 * that resolves to TypeScript (a workspace package exporting its sources) or does not resolve,
 * and an unreadable file: false — the loader stays, as Playwright would have it.
 */
function importsOnlyJavaScriptPackages(file: string): boolean {
  if (!JAVASCRIPT_FILE.test(file)) return false;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const resolveHere = createRequire(file);
  for (const match of text.matchAll(MODULE_SPECIFIER)) {
    const specifier = match[2]!;
    if (specifier.startsWith('node:') || BUILTINS.has(specifier)) continue;
    if (/^[./]|^file:|^[a-zA-Z]:[\\/]/.test(specifier)) return false;
    try {
      if (!JAVASCRIPT_FILE.test(resolveHere.resolve(specifier))) return false;
    } catch {
      return false;
    }
  }
  return true;
}
