import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/** Where a project `rehearse init` writes sits: its package, Rehearse's install, the git root. */
export interface InitLayout {
  /** The nearest folder at or above the project whose `node_modules/rehearse` exists; undefined before the install. */
  installedAt: string | undefined;
  /** True when the project folder has a package.json of its own. */
  hasPackageJson: boolean;
  /**
   * The folder whose package.json runs Rehearse: the project's own; else the enclosing package that
   * installed Rehearse (an `e2e/` folder of an app repo using the root package.json); else the
   * project, where init writes one.
   */
  packageDir: string;
  /** `schemas/` of the installed (or to-be-installed) Rehearse, for the `$schema` modelines. */
  schemasDir: string;
  /** The nearest folder at or above the project holding `.git`. */
  gitRoot: string | undefined;
  /**
   * Where the CI example's paths start: the git root; without git (not initialised yet), the
   * folder whose package.json runs Rehearse — an app repository's root, for an `e2e/` folder.
   */
  repositoryRoot: string;
  /** `/`-separated paths for the CI example, from `repositoryRoot`: '.' / '' when equal. */
  installDirFromGitRoot: string;
  projectDirFromGitRoot: string;
  /** The project seen from `packageDir`: what `rehearse -C` needs there ('' when the same). */
  projectDirFromPackage: string;
  /** A valid npm package name from the folder's name. */
  packageName: string;
}

/**
 * Reads the folders around `root` (absolute) that decide what `rehearse init` writes: the
 * schema paths of the modelines, whether to write a package.json, the paths of the CI example.
 * Node's module resolution looks in `node_modules` of every folder up to the file-system root,
 * so Rehearse installed in an enclosing folder is found from the project too.
 *
 * @example
 * initLayout('/repo/e2e') // with /repo/node_modules/rehearse: { packageDir: '/repo', projectDirFromPackage: 'e2e', ... }
 */
export function initLayout(root: string): InitLayout {
  const installedAt = nearest(root, (dir) => existsSync(join(dir, 'node_modules', 'rehearse')));
  const hasPackageJson = existsSync(join(root, 'package.json'));
  const enclosing =
    !hasPackageJson && installedAt && installedAt !== root && existsSync(join(installedAt, 'package.json'));
  const packageDir = enclosing ? installedAt : root;
  const gitRoot = nearest(root, (dir) => existsSync(join(dir, '.git')));
  const base = gitRoot ?? packageDir;
  return {
    installedAt,
    hasPackageJson,
    packageDir,
    schemasDir: join(installedAt ?? root, 'node_modules', 'rehearse', 'schemas'),
    gitRoot,
    repositoryRoot: base,
    installDirFromGitRoot: posix(relative(base, packageDir)) || '.',
    projectDirFromGitRoot: posix(relative(base, root)),
    projectDirFromPackage: posix(relative(packageDir, root)),
    packageName: packageNameOf(basename(root)),
  };
}

function nearest(start: string, test: (dir: string) => boolean): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (test(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const posix = (path: string) => path.split(sep).join('/');

/** npm names: lower case, URL-safe, at most 214 characters, not starting with `.` or `_`. */
function packageNameOf(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, 214);
  return name || 'rehearse-project';
}
