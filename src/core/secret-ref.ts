import { realpathSync } from 'node:fs';
import { readUserBytes } from './read-user-file.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { RehearseError } from './errors.js';

/** The only forms a secret may take in a committed file. */
export const SECRET_REF_PATTERN = '^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$';

export interface SecretSource {
  env?: NodeJS.ProcessEnv;
  /** The project root: `file:` references are relative to it and must stay inside it. */
  baseDir?: string;
  /**
   * Directories outside the project a `file:` reference may read too (`secretDirs` of
   * rehearse.config.yaml), absolute or relative to `baseDir`.
   */
  secretDirs?: readonly string[];
}

/** Where a `file:` secret reference points, and whether it may be read. */
export interface SecretFileLocation {
  /** The absolute path the reference names. */
  path: string;
  /** False when the path, or the file a symbolic link on it leads to, is outside every allowed directory. */
  allowed: boolean;
  /** The allowed directories, absolute: the project root, then the `secretDirs`. */
  allowedDirs: string[];
}

/**
 * Resolves where `file:<path>` points and whether it stays inside the project root or one
 * of the `secretDirs`. Checked twice, lexically (`..`, absolute paths) and on the real path
 * when the file exists (`realpath`: a symbolic link out of the project counts as outside).
 *
 * @example
 * locateSecretFile('/etc/shadow', { baseDir: '/work/shop' }).allowed // false
 */
export function locateSecretFile(
  path: string,
  source: { baseDir: string; secretDirs?: readonly string[] },
): SecretFileLocation {
  const baseDir = resolve(source.baseDir);
  const full = isAbsolute(path) ? resolve(path) : resolve(baseDir, path);
  const allowedDirs = [baseDir, ...(source.secretDirs ?? []).map((dir) => resolve(baseDir, dir))];
  const lexical = allowedDirs.some((dir) => isInside(full, dir));
  const real = realPath(full);
  const allowed = lexical && (real === undefined || allowedDirs.some((dir) => isInside(real, realPath(dir) ?? dir)));
  return { path: full, allowed, allowedDirs };
}

/**
 * Resolves `env:NAME` or `file:path` to the secret's value. Throws a `RehearseError` (never
 * the value): `REHEARSE_SECRET_MISSING` when the variable is unset or the file unreadable,
 * `REHEARSE_SECRET_OUTSIDE_PROJECT` when a `file:` reference leaves the project root and the
 * configured `secretDirs` (the loader refuses those first; this is the second line, for a
 * link changed after loading), `REHEARSE_SECRET_INVALID` for anything else.
 *
 * @example
 * resolveSecretRef('env:ERP_TOKEN') // value of process.env.ERP_TOKEN
 */
export function resolveSecretRef(ref: string, source: SecretSource = {}): string {
  const env = source.env ?? process.env;
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = env[name];
    if (value === undefined || value === '') {
      throw new RehearseError(
        'REHEARSE_SECRET_MISSING',
        `Failed to resolve secret "${ref}": environment variable ${name} is not set.`,
        {
          hint: `Export ${name} before running, e.g. \`${name}=... npx rehearse run\`, or point the reference at a file with "file:path".`,
        },
      );
    }
    return value;
  }
  if (ref.startsWith('file:')) {
    const location = locateSecretFile(ref.slice(5), {
      baseDir: source.baseDir ?? process.cwd(),
      secretDirs: source.secretDirs,
    });
    if (!location.allowed) {
      throw new RehearseError(
        'REHEARSE_SECRET_OUTSIDE_PROJECT',
        `Failed to resolve secret "${ref}": ${location.path} is outside the project and every secretDirs entry.`,
        { hint: secretDirsHint() },
      );
    }
    // Guarded like every user file: a FIFO or a device named as a secret must not hang the run.
    const read = readUserBytes('/', location.path, { label: location.path });
    if (read.bytes) return read.bytes.toString('utf8').trim();
    throw new RehearseError(
      'REHEARSE_SECRET_MISSING',
      `Failed to resolve secret "${ref}": cannot read ${location.path} (${read.problem.message.replace(/^Failed to read [^:]*: /, '').replace(/\.$/, '')}).`,
      { hint: 'Check the path (relative to the project root) and that the file is readable.' },
    );
  }
  throw new RehearseError('REHEARSE_SECRET_INVALID', `Failed to resolve secret "${ref}": not a secret reference.`, {
    hint: 'Write secrets as "env:NAME" or "file:path", never as literal values.',
  });
}

/** How to allow a directory of secrets outside the project. */
export function secretDirsHint(): string {
  return 'Keep secret files inside the project (e.g. file:secrets/token.txt, git-ignored), or list the directory under "secretDirs:" in rehearse.config.yaml (e.g. secretDirs: [/run/secrets]).';
}

export function isSecretRef(value: string): boolean {
  return new RegExp(SECRET_REF_PATTERN).test(value);
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
