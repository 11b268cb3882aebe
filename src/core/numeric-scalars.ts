// Without the yaml package (see find-numeric-scalars.ts): the schema checks that word these
// problems also run in Playwright workers, which read no YAML.
import type { Diagnostic, SourcePosition } from './diagnostic.js';

type Segment = string | number;

/**
 * An unquoted YAML scalar that YAML 1.2's core schema reads as a number whose text is not the
 * text written: `02134` → 2134, `1.10` → 1.1, `1e3` → 1000, `0x1F` → 31, `0o17` → 15, `+1`,
 * `.5`, `1.`, `-0`, `.inf`, `.nan`, and integers past 2^53 read as floats. (`1_000`, `0b11`,
 * `NO` and `1:2` stay text in YAML 1.2; YAML 1.1 read them otherwise, and Rehearse parses 1.2.)
 */
export interface NumericScalar {
  /** Where the value sits in the document (at its anchor, for a value reached through aliases). */
  path: Segment[];
  /** The text as written. */
  text: string;
  /** The number YAML made of it. */
  value: number | bigint;
  at: SourcePosition;
  /**
   * What the file's schema wants at `path`, once a schema check has told: `number` (the author
   * meant a number: nothing to say), `string` (an error: quote it). Unknown means the schema
   * takes either (a variable, a request value, an expected value): a warning.
   */
  expects?: 'number' | 'string';
}

/** Numeric scalars recorded per file at most: a generated table of prices must not flood the output. */
export const MAX_NUMERIC_SCALARS = 200;

/** Why `text` does not survive as written, in words: "the leading zero is dropped". */
export function numericChange(text: string): string {
  const body = text.replace(/^[-+]/, '');
  if (/^0[xX]/.test(body)) return 'it is read as a hexadecimal number';
  if (/^0[oO]/.test(body)) return 'it is read as an octal number';
  if (/^\.(inf|nan)$/i.test(body)) return 'it is read as a special number';
  if (/[eE]/.test(body)) return 'it is read as a number with an exponent';
  if (/^0\d/.test(body)) return 'the leading zeros are dropped';
  if (/\.\d*0$/.test(body) || body.endsWith('.')) return 'the zeros after the decimal point are dropped';
  if (text.startsWith('+')) return 'the plus sign is dropped';
  if (body.startsWith('.')) return 'a zero is added before the point';
  if (/^\d+$/.test(body)) return 'it is too large to be kept exactly';
  return 'its text changes';
}

/**
 * The problem a numeric scalar makes: an error (`REHEARSE_YAML_NUMBER_FOR_TEXT`) where the
 * schema wants text, else a warning (`REHEARSE_YAML_NUMBER_CHANGES_TEXT`) — nothing where the
 * schema wants a number.
 */
export function numericScalarProblem(scalar: NumericScalar, pathText: string): Diagnostic | undefined {
  if (scalar.expects === 'number') return undefined;
  const shown = typeof scalar.value === 'bigint' ? scalar.value.toString() : String(scalar.value);
  const quoted = JSON.stringify(scalar.text);
  const why = numericChange(scalar.text);
  const common = {
    ...scalar.at,
    path: pathText,
    expected:
      scalar.expects === 'string'
        ? `text, such as ${quoted}`
        : `${quoted} in quotes, or the number written as ${shown}`,
  };
  if (scalar.expects === 'string')
    return {
      code: 'REHEARSE_YAML_NUMBER_FOR_TEXT',
      message: `Failed to read ${scalar.text} as text: unquoted, YAML reads it as the number ${shown} (${why}), and text is expected here.`,
      ...common,
      hint: `Quote it: ${quoted}.`,
    };
  return {
    code: 'REHEARSE_YAML_NUMBER_CHANGES_TEXT',
    severity: 'warning',
    message: `Unquoted ${scalar.text} is read as the number ${shown}, not the text ${quoted}: ${why}.`,
    ...common,
    hint: `Quote it (${quoted}) if it is a code or an id; write ${shown} if you mean the number.`,
  };
}
