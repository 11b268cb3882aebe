import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { describeFileType } from '../core/read-user-file.js';

export interface ProjectFiles {
  config: string | undefined;
  scenarios: string[];
  actions: string[];
  fragments: string[];
  tenants: string[];
  dataSchemas: string[];
  ediTemplates: string[];
  /** TypeScript (or JavaScript) modules under pages/ that declare page objects (`definePage`). */
  pages: string[];
  /** `virtual-services/<partner>/faults/*.yaml|yml|json`. */
  faultProfiles: string[];
  /** `drills/**\/*.drill.yaml|yml`: what `rehearse drill` runs, checked by every load. */
  drills: string[];
  /** File-system problems met on the way: links that loop or lead nowhere, a directory where a file belongs and the reverse, unreadable directories. */
  diagnostics: Diagnostic[];
}

export const CONFIG_FILE = 'rehearse.config.yaml';

const isYaml = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');

/**
 * Finds every user file of a project, as paths relative to `root` with `/` separators, and
 * never throws: every file-system shape that is not a plain tree of files is a diagnostic
 * with the path (`REHEARSE_FILE_LINK_LOOP`, `REHEARSE_FILE_DANGLING_LINK`,
 * `REHEARSE_FILE_NOT_A_FILE`, `REHEARSE_FILE_NOT_A_DIRECTORY`, `REHEARSE_FILE_UNREADABLE`).
 * Each real directory is read once: a symbolic link back to a directory already walked
 * (`scenarios/again -> .`) is skipped with a warning instead of being followed forever.
 * Files are only listed here; `readUserFile` reads them (and refuses FIFOs and devices).
 *
 * @example
 * const files = findProjectFiles(process.cwd());
 * files.scenarios; // ['scenarios/order-to-cash.scenario.yaml', ...]
 */
export function findProjectFiles(root: string): ProjectFiles {
  const diagnostics: Diagnostic[] = [];
  const rel = (path: string) => relative(root, path).split(sep).join('/');
  const list = (dir: string, accept: (name: string) => boolean, recursive: boolean) =>
    new Walk(root, rel, diagnostics).files(join(root, dir), accept, recursive).sort();
  const partners = new Walk(root, rel, diagnostics).directories(join(root, 'virtual-services'));
  return {
    config: findConfig(root, diagnostics),
    scenarios: list('scenarios', (n) => n.endsWith('.scenario.yaml') || n.endsWith('.scenario.yml'), true),
    actions: list('scenarios/actions', isYaml, false),
    fragments: list('scenarios/fragments', isYaml, false),
    tenants: list('tenant-profiles', isYaml, false),
    dataSchemas: list('schemas/data', (n) => n.endsWith('.schema.json'), false),
    ediTemplates: list('edi/templates', isYaml, false),
    pages: list('pages', (n) => /\.(c|m)?(t|j)s$/.test(n) && !/\.(d|test|spec)\.(c|m)?(t|j)s$/.test(n), true),
    faultProfiles: partners
      .flatMap((partner) => list(`${partner}/faults`, (n) => isYaml(n) || n.endsWith('.json'), false))
      .sort(),
    drills: list('drills', (n) => n.endsWith('.drill.yaml') || n.endsWith('.drill.yml'), true),
    diagnostics,
  };
}

function findConfig(root: string, diagnostics: Diagnostic[]): string | undefined {
  const full = join(root, CONFIG_FILE);
  const entry = inspect(full);
  if (entry.kind === 'missing') return undefined;
  if (entry.kind === 'problem') {
    diagnostics.push(entry.problem(CONFIG_FILE));
    return undefined;
  }
  if (entry.stats.isDirectory()) {
    diagnostics.push(notAFile(CONFIG_FILE));
    return undefined;
  }
  return CONFIG_FILE;
}

type Entry =
  | { kind: 'missing' }
  | { kind: 'problem'; problem: (file: string) => Diagnostic }
  | { kind: 'found'; stats: Stats; link: boolean };

/** An entry of a directory listing: whether it is a directory is all a walk asks. */
type Listed = Exclude<Entry, { kind: 'found' }> | { kind: 'found'; directory: boolean };

// The listing already says an entry is a plain file (not a link): no lstat and stat for it.
const PLAIN_FILE: Listed = { kind: 'found', directory: false };
const listed = (entry: Entry): Listed =>
  entry.kind === 'found' ? { kind: 'found', directory: entry.stats.isDirectory() } : entry;

/** What is at `full`, following links, with what went wrong as a diagnostic maker. */
function inspect(full: string): Entry {
  let link = false;
  try {
    link = lstatSync(full).isSymbolicLink();
  } catch {
    return { kind: 'missing' };
  }
  try {
    return { kind: 'found', stats: statSync(full), link };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      return {
        kind: 'problem',
        problem: (file) => ({
          code: 'REHEARSE_FILE_LINK_LOOP',
          message: `Failed to read ${file}: its symbolic links form a loop.`,
          file,
          hint: 'Point the link at a real file or directory, or delete it.',
        }),
      };
    }
    if (code === 'ENOENT' && link) {
      const target = readlinkSync(full);
      return {
        kind: 'problem',
        problem: (file) => ({
          code: 'REHEARSE_FILE_DANGLING_LINK',
          message: `Failed to read ${file}: it is a symbolic link to ${target}, which does not exist.`,
          file,
          hint: 'Point the link at an existing file, or delete it.',
        }),
      };
    }
    return {
      kind: 'problem',
      problem: (file) => ({
        code: 'REHEARSE_FILE_UNREADABLE',
        message: `Failed to read ${file}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'I/O error')}.`,
        file,
        hint: 'Check the path and its permissions.',
      }),
    };
  }
}

function notAFile(file: string): Diagnostic {
  return {
    code: 'REHEARSE_FILE_NOT_A_FILE',
    message: `Failed to read ${file}: it is a directory, not a file.`,
    file,
    expected: 'a regular file',
    hint: 'Rename or remove the directory: names ending in .yaml, .yml or .json are read as files here.',
  };
}

/** One walk of one kind of file: remembers the real directories it read. */
class Walk {
  private readonly seen = new Set<string>();
  private start: string | undefined;
  constructor(
    private readonly root: string,
    private readonly rel: (path: string) => string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Files of `dir` whose name `accept`s, in subdirectories too when `recursive`. */
  files(dir: string, accept: (name: string) => boolean, recursive: boolean): string[] {
    const out: string[] = [];
    const pending = [dir];
    while (pending.length) {
      const current = pending.pop()!;
      for (const [name, full, entry] of this.entries(current)) {
        if (entry.kind === 'missing') continue;
        if (entry.kind === 'problem') {
          // A broken link that may have been a directory of scenarios is worth a word, not a stop.
          if (accept(name)) this.diagnostics.push(withPosition(entry.problem(this.rel(full))));
          else if (recursive) this.diagnostics.push({ ...entry.problem(this.rel(full)), severity: 'warning' });
          continue;
        }
        if (entry.directory) {
          if (recursive) pending.push(full);
          else if (accept(name)) this.diagnostics.push(notAFile(this.rel(full)));
        } else if (accept(name)) out.push(this.rel(full));
      }
    }
    return out;
  }

  /** Subdirectories of `dir` (relative paths), following links to directories. */
  directories(dir: string): string[] {
    return this.entries(dir)
      .filter(([, , entry]) => entry.kind === 'found' && entry.directory)
      .map(([, full]) => this.rel(full));
  }

  /** The entries of a directory not read before, each inspected; [] when it is not a readable directory. */
  private entries(dir: string): Array<[string, string, Listed]> {
    const self = inspect(dir);
    if (self.kind === 'missing') return [];
    if (self.kind === 'problem') {
      this.diagnostics.push(self.problem(this.rel(dir)));
      return [];
    }
    if (!self.stats.isDirectory()) {
      this.diagnostics.push({
        code: 'REHEARSE_FILE_NOT_A_DIRECTORY',
        message: `Failed to read ${this.rel(dir)}: it is ${self.stats.isFile() ? 'a file' : describeFileType(self.stats)}, not a directory.`,
        file: this.rel(dir),
        expected: 'a directory',
        hint: `Move the file away: Rehearse reads ${this.rel(dir)}/ as a directory.`,
      });
      return [];
    }
    let real: string;
    let names: Dirent[];
    try {
      real = realpathSync(dir);
      names = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.diagnostics.push({
        code: 'REHEARSE_FILE_UNREADABLE',
        message: `Failed to read the directory ${this.rel(dir)}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'I/O error')}.`,
        file: this.rel(dir),
        hint: 'Make it readable by the user that runs Rehearse (chmod a+rx).',
      });
      return [];
    }
    this.start ??= real;
    // A link to a directory already read, or to one that contains the walk's start, leads back.
    if (this.seen.has(real) || this.start.startsWith(`${real}${sep}`)) {
      this.diagnostics.push({
        code: 'REHEARSE_FILE_LINK_LOOP',
        severity: 'warning',
        message: `Skipped ${this.rel(dir)}: it is a link to ${relative(this.root, real).split(sep).join('/') || '.'}, which is read already or contains this directory.`,
        file: this.rel(dir),
        hint: 'Remove the link; each directory is read once.',
      });
      return [];
    }
    this.seen.add(real);
    return names
      .filter(({ name }) => !name.startsWith('.') && name !== 'node_modules')
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((entry) => {
        const full = join(dir, entry.name);
        return [entry.name, full, entry.isFile() ? PLAIN_FILE : listed(inspect(full))];
      });
  }
}

/** A file that cannot be opened is still a file: point at its first line, as editors do. */
function withPosition(diagnostic: Diagnostic): Diagnostic {
  return { line: 1, column: 1, ...diagnostic };
}
