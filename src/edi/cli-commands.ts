import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../core/diagnostic.js';
import { errorMessage } from '../core/errors.js';
import { formatDiagnostics } from '../core/format-diagnostics.js';
import { parseEdifact } from './edifact/parse-edifact.js';
import { acknowledge, type AcknowledgeResult } from './x12/ack/acknowledge.js';
import type { ControlNumbers } from './x12/control-numbers.js';
import { decodeEbcdic037, isEbcdicX12 } from './x12/ebcdic.js';
import type { Interchange } from './x12/types.js';
import { validateInterchange, validateX12 } from './x12/validate/validate-x12.js';

export interface EdiCommandOptions {
  file: string;
  /** `text` (default): for people; `json`: for tools. */
  format?: 'text' | 'json';
}

export interface EdiAckCommandOptions extends EdiCommandOptions {
  /** AK501 `E` instead of `R` for sets with only segment/element errors. */
  acceptWithErrors?: boolean;
  /** For reproducible output (tests). */
  controlNumbers?: ControlNumbers;
  now?: Date;
}

/**
 * What the CLI prints and how it exits: 0 valid, 1 the document has defects, 2 unreadable (or
 * no file given), 70 an internal error. With `format: 'json'` the output is JSON whatever the code.
 */
export interface EdiCommandResult {
  output: string;
  exitCode: 0 | 1 | 2 | 70;
}

const EBCDIC = 'EBCDIC (code page 037)';

// Code frames of one-line X12 files would print the whole file: only show them for short lines.
const MAX_FRAME_LINE = 400;

/**
 * `rehearse edi validate <file>`: reads X12 (or EDIFACT, detected by UNA/UNB) and reports
 * every problem with file:line:col, code and message, plus a summary.
 *
 * @example
 * const { output, exitCode } = await ediValidateCommand({ file: 'po.edi' });
 */
export async function ediValidateCommand(options: EdiCommandOptions): Promise<EdiCommandResult> {
  const json = options.format === 'json';
  const read = await readText(options.file);
  if ('error' in read) return unreadable(options.file, read.error, json);
  const text = read.text;
  if (isEdifact(text)) {
    const parsed = parseEdifact(text, { file: options.file });
    const errors = parsed.diagnostics.filter((d) => d.severity !== 'warning').length;
    const notEdi = parsed.interchanges.length === 0;
    const messages = parsed.interchanges.flatMap((i) => i.messages);
    const summary = {
      interchanges: parsed.interchanges.length,
      messages: messages.length,
      types: tally(messages.map((m) => m.type)),
    };
    const exitCode = notEdi ? 2 : errors > 0 ? 1 : 0;
    if (json)
      return {
        exitCode,
        output: `${JSON.stringify({ file: options.file, standard: 'EDIFACT', valid: errors === 0 && !notEdi, errors, warnings: parsed.diagnostics.length - errors, summary, problems: parsed.diagnostics }, null, 2)}\n`,
      };
    const head = `${options.file}: EDIFACT, ${plural(summary.interchanges, 'interchange')}, ${plural(summary.messages, 'message')}${describeTally(summary.types)}`;
    return { exitCode, output: render(head, parsed.diagnostics, options.file, text) };
  }
  const result = validateX12(text, { file: options.file });
  const notEdi = result.interchanges.length === 0;
  const groups = result.interchanges.flatMap((i) => i.groups);
  const sets = groups.flatMap((g) => g.sets);
  const summary = {
    interchanges: result.interchanges.length,
    groups: groups.length,
    sets: sets.length,
    types: tally(sets.map((s) => s.id)),
  };
  const exitCode = notEdi ? 2 : result.valid ? 0 : 1;
  if (json) {
    return {
      exitCode,
      output: `${JSON.stringify({ file: options.file, standard: 'X12', encoding: read.encoding ?? 'UTF-8', valid: result.valid && !notEdi, errors: result.errors, warnings: result.warnings, summary, problems: result.problems }, null, 2)}\n`,
    };
  }
  const head = `${options.file}: X12${read.encoding ? ` in ${read.encoding}` : ''}, ${plural(summary.interchanges, 'interchange')}, ${plural(summary.groups, 'functional group')}, ${plural(summary.sets, 'transaction set')}${describeTally(summary.types)}`;
  return { exitCode, output: render(head, result.problems, options.file, text) };
}

/**
 * `rehearse edi ack <file>`: writes the 997 for every interchange of an X12 file.
 * Text output is the 997 itself (ready to send); JSON adds the verdicts as data.
 * Exit 0 when every group is accepted, 1 when something is rejected or noted, 2 unreadable.
 *
 * @example
 * const { output } = await ediAckCommand({ file: 'po.edi' }); // 'ISA*00*…~GS*FA*…'
 */
export async function ediAckCommand(options: EdiAckCommandOptions): Promise<EdiCommandResult> {
  const json = options.format === 'json';
  const read = await readText(options.file);
  if ('error' in read) return unreadable(options.file, read.error, json);
  if (isEdifact(read.text)) {
    return unreadable(options.file, 'it is EDIFACT; 997 acknowledgments are written for X12 only', json);
  }
  const result = validateX12(read.text, { file: options.file });
  if (result.interchanges.length === 0)
    return unreadable(options.file, 'it is not an X12 document (no ISA segment)', json);
  const acks = result.interchanges.map((interchange: Interchange, index) => {
    const ack = acknowledge(interchange, {
      problems: validateInterchange(interchange, index, { acknowledged: result.interchanges }),
      ...(options.acceptWithErrors !== undefined ? { acceptWithErrors: options.acceptWithErrors } : {}),
      ...(options.controlNumbers ? { controlNumbers: options.controlNumbers } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    return { interchange: interchange.controlNumber, ...ack };
  });
  // A defect that no 997 carries (an empty GS02, an ISA field) still fails the command.
  const defective =
    !result.valid ||
    acks.some((a: AcknowledgeResult) => a.interchangeProblems.length > 0 || a.groups.some((g) => g.status !== 'A'));
  const exitCode = defective ? 1 : 0;
  if (json)
    return {
      exitCode,
      output: `${JSON.stringify({ file: options.file, standard: 'X12', encoding: read.encoding ?? 'UTF-8', valid: result.valid, errors: result.errors, warnings: result.warnings, acknowledgments: acks, problems: result.problems }, null, 2)}\n`,
    };
  const output = acks
    .map((a) => a.text ?? `# interchange ${a.interchange}: nothing to acknowledge: ${a.reason ?? ''}\n`)
    .join('');
  return { exitCode, output };
}

/**
 * What an EDI command prints when it failed in a way it did not foresee (a bug): with
 * `--format json` still a JSON document on stdout, so a tool reading it never gets text.
 * Exit code 70 (EX_SOFTWARE), apart from every verdict.
 *
 * @example
 * const { output } = ediInternalError('po.edi', new Error('boom'), 'json'); // '{ "file": "po.edi", "error": {...} }'
 */
export function ediInternalError(
  file: string | undefined,
  error: unknown,
  format: 'text' | 'json' = 'text',
): EdiCommandResult {
  const message = `Failed to process ${file ?? 'the file'}: internal error (${errorMessage(error)}). Please report it with the command you ran.`;
  if (format === 'json')
    return {
      exitCode: 70,
      output: `${JSON.stringify({ file: file ?? null, valid: false, error: { code: 'EDI_INTERNAL_ERROR', message } }, null, 2)}\n`,
    };
  return { exitCode: 70, output: `${message}\n` };
}

/**
 * The file's text: UTF-8 (with or without BOM), or EBCDIC code page 037 when the file starts
 * with "ISA" in EBCDIC — mainframes send X12 that way; it is read, and the output says so.
 */
async function readText(file: string): Promise<{ text: string; encoding?: string } | { error: string }> {
  if (!file) return { error: 'no file was given (usage: rehearse edi <validate|ack> <file>)' };
  try {
    const bytes = await readFile(file);
    if (isEbcdicX12(bytes)) return { text: decodeEbcdic037(bytes), encoding: EBCDIC };
    return { text: bytes.toString('utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: 'the file does not exist' };
    if (code === 'EISDIR') return { error: 'it is a directory' };
    if (code === 'EACCES') return { error: 'permission denied' };
    return { error: errorMessage(error) };
  }
}

function unreadable(file: string, why: string, json: boolean): EdiCommandResult {
  const message = `Failed to read ${file || 'the EDI file'}: ${why}.`;
  if (json)
    return {
      exitCode: 2,
      output: `${JSON.stringify({ file: file || null, valid: false, error: { code: 'EDI_UNREADABLE', message } }, null, 2)}\n`,
    };
  return { exitCode: 2, output: `${message}\n` };
}

function isEdifact(text: string): boolean {
  return /^\uFEFF?\s*(UNA|UNB)/.test(text);
}

function render(head: string, problems: readonly Diagnostic[], file: string, text: string): string {
  if (problems.length === 0) return `${head}\nvalid: no problems found\n`;
  const shortLines = text.split('\n').every((line) => line.length <= MAX_FRAME_LINE);
  const sources = shortLines ? new Map([[file, text]]) : undefined;
  return `${head}\n\n${formatDiagnostics(problems, sources ? { sources } : {})}`;
}

function tally(ids: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of ids) out[id] = (out[id] ?? 0) + 1;
  return out;
}

function describeTally(types: Record<string, number>): string {
  const parts = Object.entries(types).map(([id, n]) => `${id}×${n}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
