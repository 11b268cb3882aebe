import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { RehearseError } from './errors.js';

/** The only forms a secret may take in a committed file. */
export const SECRET_REF_PATTERN = '^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$';

export interface SecretSource {
  env?: NodeJS.ProcessEnv;
  /** Directory that `file:` references are relative to. */
  baseDir?: string;
}

/**
 * Resolves `env:NAME` or `file:path` to the secret's value. Throws a
 * `RehearseError` (never the value) when the reference cannot be resolved.
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
    const path = ref.slice(5);
    const full = isAbsolute(path) ? path : resolve(source.baseDir ?? process.cwd(), path);
    try {
      return readFileSync(full, 'utf8').trim();
    } catch {
      throw new RehearseError('REHEARSE_SECRET_MISSING', `Failed to resolve secret "${ref}": cannot read ${full}.`, {
        hint: 'Check the path (relative to the project root) and that the file is readable.',
      });
    }
  }
  throw new RehearseError('REHEARSE_SECRET_INVALID', `Failed to resolve secret "${ref}": not a secret reference.`, {
    hint: 'Write secrets as "env:NAME" or "file:path", never as literal values.',
  });
}

export function isSecretRef(value: string): boolean {
  return new RegExp(SECRET_REF_PATTERN).test(value);
}
