import { secretForms } from './secret-forms.js';

/**
 * Below this many characters a value is not masked by value (it is still masked wherever it is
 * known by name). Shorter values are ordinary words and numbers as often as they are secrets —
 * `admin`, `1234`, `true`, a cookie `lang=en` — and masking them as substrings would shred every
 * report (`[REDACTED]ing`) and point at where the value sits. Six is the shortest password most
 * services accept and the shortest needle the secret scanner of the tests looks for.
 */
export const MIN_SECRET_LENGTH = 6;

/** What replaces a secret in anything recorded. */
export const REDACTED = '[REDACTED]';

/**
 * URL user-info, masked by its shape in any text (`https://user:pass@host`, `https://token@host`),
 * whatever its length: group 1 is the scheme's `://`, group 2 the user-info.
 */
const USER_INFO = String.raw`(:\/\/)([^\s\/?#@"'<>\\]+)(?=@)`;

/**
 * The secret values of one run and the one pattern that finds all of them, in every spelling
 * `secretForms` lists, in a single pass over a text. The pattern is compiled when it is first
 * needed after the set changed, never per string.
 *
 * @example
 * const registry = new SecretRegistry();
 * registry.add('s3cr3t-value');
 * registry.mask('Authorization: Basic ' + btoa('qa:s3cr3t-value')) // 'Authorization: Basic cWE6[REDACTED]'
 */
export class SecretRegistry {
  private readonly values = new Set<string>();
  private readonly forms = new Set<string>();
  private pattern: RegExp | undefined;
  private version = 0;

  constructor(private readonly minLength = MIN_SECRET_LENGTH) {}

  /** Registers a value; every value counts for `has`, only those of `minLength` or more are masked by value. */
  add(value: string): void {
    if (!value || this.values.has(value)) return;
    this.values.add(value);
    if (value.trim().length < this.minLength) return;
    let changed = false;
    for (const form of secretForms(value, this.minLength)) {
      if (this.forms.has(form)) continue;
      this.forms.add(form);
      changed = true;
    }
    if (changed) {
      this.pattern = undefined;
      this.version++;
    }
  }

  /** Whether this exact value was registered (any length). */
  has(value: string): boolean {
    return this.values.has(value);
  }

  /** Grows each time the set of masked spellings changes: results recorded before can be masked again. */
  get generation(): number {
    return this.version;
  }

  /** How many values are registered (any length). */
  get size(): number {
    return this.values.size;
  }

  /** The text with every registered value (any spelling) and every URL user-info replaced by `[REDACTED]`. */
  mask(text: string): string {
    if (text.length < 4) return text;
    // With no value registered the pattern is the user-info branch alone, which needs a `://`:
    // a run without credentials masks most of its texts without running the pattern.
    if (this.forms.size === 0 && !text.includes('://')) return text;
    this.pattern ??= this.compile();
    return text.replace(this.pattern, (match: string, scheme: string | undefined) =>
      scheme === undefined ? REDACTED : `${scheme}${REDACTED}`,
    );
  }

  private compile(): RegExp {
    const literals = [...this.forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
    // The user-info branch comes first: at a `://` it takes the whole user-info, secrets inside included.
    return new RegExp([USER_INFO, ...literals].join('|'), 'g');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
