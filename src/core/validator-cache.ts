import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv, AnySchema, ValidateFunction } from 'ajv';
import { packageRoot } from './package-root.js';

const require = createRequire(import.meta.url);

/**
 * Bump when the code Rehearse adds to Ajv's output changes (a keyword's `code`), so that
 * validators compiled by an older Rehearse are not reused.
 */
const CODEGEN_VERSION = 1;

/**
 * Where compiled validators persist: `REHEARSE_VALIDATOR_CACHE_DIR`, else the usual
 * `node_modules/.cache/<tool>` of the package (Ajv's runtime helpers resolve from there).
 */
function cacheDir(): string {
  return (
    process.env.REHEARSE_VALIDATOR_CACHE_DIR || join(packageRoot(), 'node_modules', '.cache', 'rehearse', 'validators')
  );
}

/**
 * Compiles `schema` with `ajv`, reusing the validator an earlier process compiled for the
 * same schema text (Ajv's standalone code, saved as `<sha256>.cjs` under
 * `node_modules/.cache/rehearse/validators`). Compiling Rehearse's file schemas costs about
 * 0.3–0.9 s of CPU per process; loading the saved code costs about 20 ms, and every CLI start,
 * Playwright worker and test process validates the same schemas.
 *
 * The key is the SHA-256 of the schema's JSON, Ajv's version and `CODEGEN_VERSION`, so a
 * changed schema or Ajv never reuses stale code. The cache is an optimisation only: an
 * unreadable, corrupt or unwritable cache falls back to compiling, silently; writes are atomic
 * (temporary file, then rename), so concurrent processes never read half a file.
 * `REHEARSE_NO_VALIDATOR_CACHE=1` turns it off; `REHEARSE_VALIDATOR_CACHE_DIR` moves it. The Ajv (or the
 * function that makes it, called only when there is nothing saved) must have
 * `code: { source: true }` (see Ajv's "Standalone validation code").
 */
export function compileCached(ajvOrMaker: Ajv | (() => Ajv), schema: AnySchema): ValidateFunction {
  // Given a maker, Ajv is made only when nothing was saved: starting Ajv (and its formats) costs
  // about 70 ms, more than loading a saved validator.
  const ajvNow = (): Ajv => (typeof ajvOrMaker === 'function' ? ajvOrMaker() : ajvOrMaker);
  if (process.env.REHEARSE_NO_VALIDATOR_CACHE) return ajvNow().compile(schema);
  const { version } = require('ajv/package.json') as { version: string };
  const key = createHash('sha256')
    .update(`ajv ${version}\u0000codegen ${CODEGEN_VERSION}\u0000`)
    .update(JSON.stringify(schema))
    .digest('hex');
  const file = join(cacheDir(), `${key}.cjs`);
  const saved = loadSaved(file);
  if (saved) return saved;
  const ajv = ajvNow();
  const validate = ajv.compile(schema);
  save(ajv, validate, file);
  return validate;
}

function loadSaved(file: string): ValidateFunction | undefined {
  try {
    const loaded = require(file) as unknown;
    const validate = (loaded as { default?: unknown }).default ?? loaded;
    return typeof validate === 'function' ? (validate as ValidateFunction) : undefined;
  } catch {
    // Absent (the usual first time), or written by something else: compile instead.
    return undefined;
  }
}

function save(ajv: Ajv, validate: ValidateFunction, file: string): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const standaloneCode = require('ajv/dist/standalone').default as (ajv: Ajv, validate: ValidateFunction) => string;
    // Ajv's helpers resolved to absolute paths, so the saved code loads from any cache folder;
    // a moved install fails to load it and compiles afresh.
    const code = standaloneCode(ajv, validate).replace(
      /require\("([^"]+)"\)/g,
      (_call, id: string) => `require(${JSON.stringify(require.resolve(id))})`,
    );
    mkdirSync(cacheDir(), { recursive: true });
    writeFileSync(temp, code);
    renameSync(temp, file);
    prune(cacheDir());
  } catch {
    // A read-only install or a schema standalone code cannot express: compiling each time is correct, only slower.
    rmSync(temp, { force: true });
  }
}

/**
 * Saved validators kept at most; each schema change leaves one behind (about 20–160 kB each). A
 * validate and a sandbox start use about 75 at once: pruning to half of 100 recompiled live ones.
 */
const MAX_SAVED = 200;

// Keeps the newest half when the folder outgrows MAX_SAVED: a developer changing schemas all
// day must not grow it without bound. Another process may be pruning too; errors are ignored.
function prune(dir: string): void {
  const saved = readdirSync(dir).filter((name) => name.endsWith('.cjs'));
  if (saved.length <= MAX_SAVED) return;
  const byAge = saved
    .map((name) => {
      try {
        return { name, mtimeMs: statSync(join(dir, name)).mtimeMs };
      } catch {
        return { name, mtimeMs: 0 };
      }
    })
    .sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const { name } of byAge.slice(0, saved.length - MAX_SAVED / 2)) rmSync(join(dir, name), { force: true });
}
