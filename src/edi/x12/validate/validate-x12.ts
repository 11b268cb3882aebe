import { parseX12 } from '../parse-x12.js';
import type { Interchange, ParseX12Result } from '../types.js';
import { checkCharacters } from './check-characters.js';
import { checkEnvelope } from './check-envelope.js';
import { checkSetContent } from './check-set-content.js';
import { checkTa1s, type Ta1Context } from './check-ta1.js';
import type { X12Problem } from './problem.js';

export interface ValidateX12Options {
  /** File name for problems when `input` is text. */
  file?: string;
  /**
   * Interchanges that were sent, which the TA1s read here acknowledge: TA101 must name one of
   * them, and TA102/TA103 repeat its ISA09/ISA10. Without it, the file's own interchanges are
   * matched when TA101 names one, and an unmatched TA101 is no problem.
   */
  sent?: readonly Interchange[];
}

export interface X12ValidationResult {
  /** No problem of severity error. */
  valid: boolean;
  errors: number;
  warnings: number;
  /** Every problem, in document order within each interchange. */
  problems: X12Problem[];
  /** What was validated (parsed from the text when text was given). */
  interchanges: Interchange[];
}

// Trailer problems are found again (with 997 codes) by the envelope check.
const REDERIVED = new Set(['EDI_SE_MISSING', 'EDI_GE_MISSING', 'EDI_IEA_MISSING']);

/**
 * Validates X12 text or parsed interchanges: envelope integrity (counts and control
 * numbers, ISA12 a known version), TA1 acknowledgments, non-ASCII characters and trailing
 * separators (warnings), per-set structure and element rules for 850, 855, 856, 810, 997, 940 and
 * 945, and the 856 HL tree. Problems carry file/line/column, an `EDI_...` code and the
 * 997 codes they map to. Never throws.
 *
 * @example
 * const result = validateX12(text, { file: 'po.edi' });
 * if (!result.valid) console.log(result.problems.map((p) => `${p.line}:${p.column} ${p.code}`));
 */
export function validateX12(
  input: string | ParseX12Result | Interchange | readonly Interchange[],
  options: ValidateX12Options = {},
): X12ValidationResult {
  const problems: X12Problem[] = [];
  let interchanges: Interchange[];
  if (typeof input === 'string') {
    const parsed = parseX12(input, options.file === undefined ? {} : { file: options.file });
    problems.push(
      ...parsed.diagnostics
        .filter((d) => !REDERIVED.has(d.code))
        .map((d) => ({ ...d, severity: d.severity ?? ('error' as const) })),
    );
    interchanges = parsed.interchanges;
  } else if (Array.isArray(input)) {
    interchanges = [...(input as readonly Interchange[])];
  } else if ('interchanges' in (input as ParseX12Result)) {
    const parsed = input as ParseX12Result;
    problems.push(
      ...parsed.diagnostics
        .filter((d) => !REDERIVED.has(d.code))
        .map((d) => ({ ...d, severity: d.severity ?? ('error' as const) })),
    );
    interchanges = parsed.interchanges;
  } else {
    interchanges = [input as Interchange];
  }
  const ta1Context: Ta1Context = options.sent
    ? { acknowledged: options.sent, requireMatch: true }
    : { acknowledged: interchanges };
  interchanges.forEach((interchange, i) => {
    problems.push(...validateInterchange(interchange, i, ta1Context));
  });
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { valid: errors === 0, errors, warnings: problems.length - errors, problems, interchanges };
}

/**
 * Envelope, TA1, character and content problems of one interchange, ordered by position.
 *
 * @example
 * const problems = validateInterchange(parseX12(text).interchanges[0]!);
 */
export function validateInterchange(interchange: Interchange, index = 0, ta1: Ta1Context = {}): X12Problem[] {
  const problems = [
    ...checkEnvelope(interchange, index),
    ...checkTa1s(interchange, index, ta1),
    ...checkCharacters(interchange, index),
  ];
  interchange.groups.forEach((group, g) => {
    group.sets.forEach((set, s) => {
      problems.push(...checkSetContent(interchange, group, set, { interchange: index, group: g, set: s }));
    });
  });
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
