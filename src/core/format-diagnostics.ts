import { codeFrame } from './code-frame.js';
import type { Diagnostic } from './diagnostic.js';

export interface FormatOptions {
  /** Source text per file, for code frames. */
  sources?: ReadonlyMap<string, string>;
  color?: boolean;
}

/**
 * The one place diagnostics become text:
 *
 *     scenarios/a.scenario.yaml:4:5 error REHEARSE_UNKNOWN_KEY
 *       Unknown key "expct" at steps[0]
 *       expected: one of do, with, save, expect
 *       hint: Did you mean "expect"?
 *     > 4 |     expct: {}
 *         |     ^
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const paint = painter(options.color ?? false);
  const blocks = diagnostics.map((d) => {
    const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}` : '(project)';
    const severity = d.severity === 'warning' ? paint.yellow('warning') : paint.red('error');
    const lines = [`${paint.bold(where)} ${severity} ${paint.dim(d.code)}`];
    lines.push(`  ${d.message}${d.path ? ` ${paint.dim(`(at ${d.path})`)}` : ''}`);
    if (d.expected) lines.push(`  expected: ${d.expected}`);
    if (d.hint) lines.push(`  ${paint.cyan('hint:')} ${d.hint}`);
    const source = d.file ? options.sources?.get(d.file) : undefined;
    if (source !== undefined && d.line) lines.push(indent(codeFrame(source, d.line, d.column ?? 1), '  '));
    return lines.join('\n');
  });
  const errors = diagnostics.filter((d) => d.severity !== 'warning').length;
  const summary = `${errors} error(s)${diagnostics.length > errors ? `, ${diagnostics.length - errors} warning(s)` : ''}`;
  return `${blocks.join('\n\n')}\n\n${summary}\n`;
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
