import { annotateCharacters } from './character-notes.js';
import { codeFrame } from './code-frame.js';
import type { Diagnostic } from './diagnostic.js';
import { lineIndex, type LineIndex } from './line-index.js';
import { visible } from './unicode-characters.js';

export interface FormatOptions {
  /** Source text per file, for code frames. */
  sources?: ReadonlyMap<string, string>;
  color?: boolean;
  /** Problems shown in full at most (default 50); the rest are counted. */
  maxProblems?: number;
  /** Problems of one code in one file shown in full at most (default 10); the rest are listed by position. */
  maxPerKind?: number;
}

/** Characters of a message, hint or expectation shown at most. */
const MAX_TEXT = 300;

/**
 * The one place diagnostics become text:
 *
 *     scenarios/a.scenario.yaml:4:5 error REHEARSE_UNKNOWN_KEY
 *       Unknown key "expct" at steps[0]
 *       expected: one of do, with, save, expect
 *       hint: Did you mean "expect"?
 *     > 4 |     expct: {}
 *         |     ^
 *
 * Bounded whatever the project holds: at most `maxProblems` problems in full, at most
 * `maxPerKind` of one code in one file (the others by position), texts clipped to 400
 * characters and shown with invisible characters escaped, code frames cut to a window
 * around the column. Each file is split into lines once, so the work is linear in the size
 * of the files and the number of problems. Names that hold look-alike or invisible
 * characters get a note with the character's Unicode name and column.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const paint = painter(options.color ?? false);
  const maxProblems = options.maxProblems ?? 50;
  const maxPerKind = options.maxPerKind ?? 10;
  const lines = lineIndexes(options.sources);
  const shown: Diagnostic[] = [];
  const perKind = new Map<string, Diagnostic[]>();
  const hidden: Diagnostic[] = [];
  for (const d of diagnostics) {
    const kind = `${d.file ?? ''}\u0000${d.code}`;
    const group = perKind.get(kind) ?? [];
    perKind.set(kind, group);
    if (shown.length < maxProblems && (group.length < maxPerKind || d.code === 'REHEARSE_TOO_MANY_PROBLEMS')) {
      shown.push(d);
      group.push(d);
    } else hidden.push(d);
  }
  const blocks = annotateCharacters(shown, lines).map((d) => {
    const where = d.file ? `${visible(d.file)}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}` : '(project)';
    const severity = d.severity === 'warning' ? paint.yellow('warning') : paint.red('error');
    const out = [`${paint.bold(where)} ${severity} ${paint.dim(d.code)}`];
    out.push(`  ${clip(d.message)}${d.path ? ` ${paint.dim(`(at ${clip(d.path, 120)})`)}` : ''}`);
    if (d.expected) out.push(`  expected: ${clip(d.expected)}`);
    if (d.hint) out.push(`  ${paint.cyan('hint:')} ${clip(d.hint)}`);
    const index = d.file ? lines(d.file) : undefined;
    if (index && d.line && d.code !== 'REHEARSE_TOO_MANY_PROBLEMS')
      out.push(indent(codeFrame(index, d.line, d.column ?? 1), '  '));
    return out.join('\n');
  });
  if (hidden.length) blocks.push(summarizeHidden(hidden));
  const errors = diagnostics.filter((d) => d.severity !== 'warning').length;
  const warnings = diagnostics.length - errors;
  const summary = `${count(errors)} error(s)${warnings ? `, ${count(warnings)} warning(s)` : ''}`;
  return `${blocks.join('\n\n')}\n\n${summary}\n`;
}

/** "… and 19,950 more not shown: 19,950 REHEARSE_YAML_DUPLICATE_KEY in a.yaml (at 55:5, 56:5, …)". */
function summarizeHidden(hidden: readonly Diagnostic[]): string {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of hidden) {
    const key = `${d.code} in ${d.file ?? '(project)'}`;
    const group = groups.get(key) ?? [];
    if (group.length === 0) groups.set(key, group);
    group.push(d);
  }
  const rows = [...groups].slice(0, 20).map(([key, group]) => {
    const at = group
      .slice(0, 5)
      .filter((d) => d.line)
      .map((d) => `${d.line}:${d.column ?? 1}`);
    return `  ${count(group.length)} ${visible(key)}${at.length ? ` (at ${at.join(', ')}${group.length > at.length ? ', …' : ''})` : ''}`;
  });
  if (groups.size > 20) rows.push(`  and ${count(groups.size - 20)} more kinds`);
  return [`… and ${count(hidden.length)} more problem(s) not shown:`, ...rows].join('\n');
}

function lineIndexes(sources: ReadonlyMap<string, string> | undefined): (file: string) => LineIndex | undefined {
  const cache = new Map<string, LineIndex>();
  return (file) => {
    const text = sources?.get(file);
    if (text === undefined) return undefined;
    let index = cache.get(file);
    if (!index) {
      index = lineIndex(text);
      cache.set(file, index);
    }
    return index;
  };
}

function clip(text: string, max = MAX_TEXT): string {
  const shown = text.length > max ? `${text.slice(0, max)}… (${count(text.length - max)} more characters)` : text;
  return visible(shown);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

function painter(enabled: boolean) {
  const wrap = (code: number) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { bold: wrap(1), dim: wrap(2), red: wrap(31), yellow: wrap(33), cyan: wrap(36) };
}
