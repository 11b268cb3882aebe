import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { errorMessage, RehearseError } from '../../core/errors.js';
import { packageRoot } from '../../core/package-root.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import { initLayout, type InitLayout } from './init-layout.js';

/** Options of `rehearse init`. */
export interface InitOptions {
  /** The project directory (absolute, or relative to `cwd`); created when missing. */
  dir: string;
  /** Overwrite the template's files that already exist. package.json is never overwritten. */
  force: boolean;
  /** Where the command was started: paths and commands are printed relative to it (default: process.cwd()). */
  cwd?: string;
}

/** One file of `templates/init/`, and where it goes in the project. */
interface TemplateFile {
  source: string;
  /** Project-relative, `/`-separated. */
  target: string;
}

const GITIGNORE = '.gitignore';
const PACKAGE_JSON = 'package.json';

/**
 * `rehearse init [dir]`: writes the files of `templates/init/` — config with a `sandbox` and a
 * `staging` environment, a tenant profile, an action file, a fragment, a scenario that uses both,
 * `playwright.config.mjs`, a GitHub Actions workflow — so that `rehearse run` passes at once
 * against the embedded sandbox. package.json is written only when the project has none (and is
 * not inside a package that installed Rehearse); `.gitignore` gains the lines it lacks.
 * Returns exit code 0.
 *
 * Template paths: a segment starting with `_` is written with a `.` (`_gitignore` → `.gitignore`),
 * because npm leaves `.gitignore` files out of a package. Tokens `@NAME@`-style are replaced from
 * {@link initLayout}; `{{ }}` is left alone, it is Rehearse's own expression syntax.
 *
 * @throws RehearseError `REHEARSE_INIT_NOT_A_DIRECTORY` when `dir` is a file;
 *   `REHEARSE_INIT_FILES_EXIST` (listing them) when template files exist and `force` is false;
 *   `REHEARSE_INIT_WRITE_FAILED` when a directory or file cannot be written.
 * @example
 * initCommand({ dir: 'e2e', force: false }, processOutput); // 0, and e2e/ holds a project
 */
export function initCommand(options: InitOptions, output: Output): number {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.dir);
  const shown = (path: string) => relative(cwd, path).split(sep).join('/') || '.';
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new RehearseError(
      'REHEARSE_INIT_NOT_A_DIRECTORY',
      `Failed to write a project to ${shown(root)}: it is a file, not a directory.`,
      {
        hint: 'Pass the directory the project should go in (it is created when missing).',
      },
    );
  }
  const layout = initLayout(root);
  const files = templateFiles(join(packageRoot(), 'templates', 'init'));
  const writesPackageJson = !layout.hasPackageJson && layout.packageDir === root;
  const plain = files.filter((f) => f.target !== GITIGNORE && f.target !== PACKAGE_JSON);

  const existing = plain.filter((f) => exists(join(root, f.target))).map((f) => f.target);
  if (existing.length && !options.force) {
    throw new RehearseError(
      'REHEARSE_INIT_FILES_EXIST',
      `Failed to write a project to ${shown(root)}/: ${existing.length} of its files already exist (nothing was written):\n${existing.map((f) => `  ${f}`).join('\n')}`,
      {
        hint: 'Run `rehearse init --force` to overwrite them (package.json is never overwritten), or init into another directory.',
      },
    );
  }

  const written: string[] = [];
  writing(root, () => {
    mkdirSync(root, { recursive: true });
    for (const file of writesPackageJson ? [...plain, ...files.filter((f) => f.target === PACKAGE_JSON)] : plain) {
      const target = join(root, file.target);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, render(readFileSync(file.source, 'utf8'), target, layout));
      written.push(file.target + (existing.includes(file.target) ? '  (overwritten)' : ''));
    }
  });
  const gitignore = files.find((f) => f.target === GITIGNORE);
  if (gitignore) {
    const note = writing(root, () => mergeGitignore(join(root, GITIGNORE), readFileSync(gitignore.source, 'utf8')));
    if (note) written.push(`${GITIGNORE}  (${note})`);
  }

  output.out(`Wrote a Rehearse project to ${shown(root)}/:\n${written.map((f) => `  ${f}`).join('\n')}`);
  if (!writesPackageJson) output.out(packageJsonAdvice(layout, shown));
  if (layout.repositoryRoot !== root) {
    output.out(
      `GitHub reads workflows only from the repository root: move ${shown(join(root, '.github/workflows/rehearse.yml'))} to ${shown(join(layout.repositoryRoot, '.github/workflows'))}/ (its paths already say where the project is).`,
    );
  }
  output.out(nextSteps(root, layout, shown));
  return EXIT.passed;
}

/** Every file under `dir`, with its project path (`_x` segments become `.x`). */
function templateFiles(dir: string): TemplateFile[] {
  if (!existsSync(dir)) {
    throw new RehearseError(
      'REHEARSE_INIT_TEMPLATE_MISSING',
      `Failed to initialise: the templates are missing (${dir}).`,
      {
        hint: 'Reinstall Rehearse: its package ships templates/init/.',
      },
    );
  }
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const source = join(entry.parentPath, entry.name);
      const target = relative(dir, source)
        .split(sep)
        .map((segment) => segment.replace(/^_/, '.'))
        .join('/');
      return { source, target };
    })
    .sort((a, b) => a.target.localeCompare(b.target));
}

function render(text: string, target: string, layout: InitLayout): string {
  const path = relative(dirname(target), layout.schemasDir).split(sep).join('/');
  const schemas = path.startsWith('..') ? path : `./${path}`;
  return text
    .replaceAll('@SCHEMAS@', schemas)
    .replaceAll('@NAME@', layout.packageName)
    .replaceAll('@INSTALL_DIR@', layout.installDirFromGitRoot)
    .replaceAll('@PROJECT_DIR@', layout.projectDirFromGitRoot ? `${layout.projectDirFromGitRoot}/` : '')
    .replaceAll('@RUN_DIR_FLAG@', layout.projectDirFromPackage ? ` -C ${layout.projectDirFromPackage}` : '');
}

/** Adds the template's lines the file lacks; says what it did, or undefined when nothing was needed. */
function mergeGitignore(file: string, template: string): string | undefined {
  const wanted = template.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
  if (!existsSync(file)) {
    writeFileSync(file, template);
    return 'created';
  }
  const text = readFileSync(file, 'utf8');
  // `/reports`, `reports` and `reports/` ignore the same folder here.
  const norm = (line: string) => line.trim().replace(/^\//, '').replace(/\/$/, '');
  const have = new Set(text.split(/\r?\n/).map(norm));
  const missing = wanted.filter((line) => !have.has(norm(line)));
  if (!missing.length) return undefined;
  appendFileSync(file, `${text.length && !text.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
  return `added ${missing.join(', ')}`;
}

function packageJsonAdvice(layout: InitLayout, shown: (p: string) => string): string {
  const flag = layout.projectDirFromPackage ? ` -C ${layout.projectDirFromPackage}` : '';
  const file = join(layout.packageDir, PACKAGE_JSON);
  const taken = scriptNames(file);
  const free = (name: string) => (taken.has(name) ? `${name}:rehearse` : name);
  return [
    `${shown(file)} exists and was left as it is. Add to its "scripts":`,
    `    "${free('rehearse')}": "rehearse${flag}",`,
    `    "${free('test')}": "rehearse${flag} run"`,
  ].join('\n');
}

function scriptNames(file: string): Set<string> {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, unknown> };
    return new Set(Object.keys(json.scripts ?? {}));
  } catch {
    return new Set();
  }
}

function nextSteps(root: string, layout: InitLayout, shown: (p: string) => string): string {
  const cd = shown(root) === '.' ? '' : `cd ${shown(root)} && `;
  if (layout.installedAt) return `Next — the first run, against the embedded sandbox:\n  ${cd}npx rehearse run`;
  const self = packageRoot();
  const install = self.split(sep).includes('node_modules')
    ? 'npm i -D <a path, tarball or git URL of Rehearse>   (README: "Rehearse in your own repository")'
    : `npm i -D --install-links ${self}`;
  return `Next — install Rehearse, then the first run, against the embedded sandbox:\n  ${cd}${install}\n  npx rehearse run`;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function writing<T>(root: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw new RehearseError(
      'REHEARSE_INIT_WRITE_FAILED',
      `Failed to write the project to ${root}: ${errorMessage(error)}.`,
      {
        hint: 'Check that the directory is writable, or pick another one.',
      },
    );
  }
}
