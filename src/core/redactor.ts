import { REDACTED, SecretRegistry } from './secret-registry.js';
import { isSensitiveName, normalizedName } from './sensitive-name.js';
import { learnUrl, redactUrl } from './url-secrets.js';

export { REDACTED, MIN_SECRET_LENGTH } from './secret-registry.js';

export interface RedactorOptions {
  /** More header names whose values are always hidden (`redact.headers`; any case or style). */
  headers?: readonly string[];
  /** More field names whose values are always hidden (`redact.fields`; any case or style). */
  fields?: readonly string[];
}

/** How far `learnFrom` and `redactValue` walk into a value; deeper parts are cut, not walked. */
const MAX_DEPTH = 64;

/**
 * Hides the secrets of one scenario run in everything Rehearse records. Two rules:
 * - **by value**: every value registered with `addSecret` (resolved secret references, what auth
 *   providers send, cookies, values of sensitive fields, declared secrets) is masked wherever it
 *   appears, in every spelling (see `secretForms`), if it has `MIN_SECRET_LENGTH` characters or more;
 * - **by name**: the value of a field, header or query parameter whose name looks sensitive
 *   (`isSensitiveName`), is configured (`redact.fields` / `redact.headers`) or carried a credential
 *   (`addSecretName`), of a variable declared secret, and URL user-info, are masked whatever their
 *   length.
 * Values learned mid-run count from then on; whoever keeps a record from before masks it again
 * (`redactValue`) before it leaves the engine.
 *
 * @example
 * const r = new Redactor();
 * r.addSecret('s3cr3t-value');
 * r.redactText('token=s3cr3t-value') // 'token=[REDACTED]'
 * r.redactValue({ accessToken: 'abc' }) // { accessToken: '[REDACTED]' }
 */
export class Redactor {
  private readonly registry = new SecretRegistry();
  private readonly names = new Set<string>();
  private readonly variables = new Set<string>();
  private namesVersion = 0;
  /** Copies `redactValue` made, with the generation they were masked at: masked again only when it grew. */
  private readonly maskedAt = new WeakMap<object, number>();

  constructor(options: RedactorOptions = {}) {
    for (const name of [...(options.headers ?? []), ...(options.fields ?? [])]) this.addSecretName(name);
  }

  /** Registers a secret value (see the class for what is masked and from which length). */
  addSecret(value: string | undefined): void {
    if (value) this.registry.add(value);
  }

  /** Registers every string (and number) inside a value: a structured parameter declared secret. */
  addSecretsIn(value: unknown): void {
    walkLeaves(value, 0, (leaf) => this.addSecret(leaf));
  }

  /** A name whose values are credentials in this run (an API key's header or query parameter). */
  addSecretName(name: string): void {
    const normalized = normalizedName(name);
    if (this.names.has(normalized)) return;
    this.names.add(normalized);
    this.namesVersion++;
  }

  /** A variable whose value is secret (`secrets:`, `secret: true`, saved from a sensitive field). */
  declareSecretVariable(name: string): void {
    this.variables.add(name);
  }

  isSecretVariable(name: string): boolean {
    return this.variables.has(name);
  }

  /** Whether this exact value was registered as a secret (any length). */
  isSecret(value: unknown): boolean {
    return (typeof value === 'string' || typeof value === 'number') && this.registry.has(String(value));
  }

  /** Grows whenever newly masked values or names were registered. */
  get generation(): number {
    return this.registry.generation + this.namesVersion;
  }

  /** The names this redactor hides by (besides the built-in ones), as one key: equal keys judge names alike. */
  sensitiveNamesKey(): string {
    return [...this.names].sort().join('\n');
  }

  isSensitiveHeader(name: string): boolean {
    return this.isSensitiveField(name);
  }

  /** A field, header or query parameter name whose value is hidden whatever it holds. */
  isSensitiveField(name: string): boolean {
    return isSensitiveName(name) || (this.names.size > 0 && this.names.has(normalizedName(name)));
  }

  /**
   * Registers the values of sensitive fields anywhere in a value (a response body): strings and
   * numbers directly under a sensitive name, and every leaf of an object or list under one.
   */
  learnFrom(value: unknown): void {
    const visit = (node: unknown, depth: number): void => {
      if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        for (const item of node) visit(item, depth + 1);
        return;
      }
      for (const key of Object.keys(node)) {
        const child = (node as Record<string, unknown>)[key];
        if (this.isSensitiveField(key)) walkLeaves(child, depth + 1, (leaf) => this.addSecret(leaf));
        else visit(child, depth + 1);
      }
    };
    visit(value, 0);
  }

  /** Registers a URL's user-info (`user`, `password`, `user:password`) and its sensitive query values. */
  learnUrl(url: URL | string): void {
    learnUrl(url, this);
  }

  redactText(text: string): string {
    return this.registry.mask(text);
  }

  /** A URL for the record: user-info and sensitive query values hidden by name, secret values by value. */
  redactUrl(url: URL | string): string {
    return redactUrl(url, this);
  }

  redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(', ') : value;
      out[name] = this.isSensitiveHeader(name) && text !== '' ? REDACTED : this.redactText(text);
    }
    return out;
  }

  /**
   * Deep copy of `value` with sensitive fields and secret values hidden. A value this method
   * returned before is returned as it is (not copied, not walked) while no secret was learned
   * since, so masking a scenario's result again at its end costs nothing for its steps. Treat
   * what it returns as immutable.
   */
  redactValue<T>(value: T): T {
    const out = this.walk(value, 0);
    if (out !== null && typeof out === 'object') this.maskedAt.set(out, this.generation);
    return out as T;
  }

  /**
   * `redactValue` for an object of which only `keys` can hold a value from the run: their values
   * are walked and masked, the object's other keys are kept as they are (Rehearse's own kinds,
   * statuses, times and counts), a sensitive key's value is hidden whatever it is, and the copy is
   * marked masked as `redactValue` marks its own. Treat what it returns as immutable.
   *
   * @example
   * redactor.redactKeys(stepResult, ['checks', 'saved', 'error']) // its kind and status untouched
   */
  redactKeys<T extends object>(value: T, keys: readonly (keyof T & string)[]): T {
    if (this.maskedAt.get(value) === this.generation) return value;
    // A spread copy is sized to its keys (a run keeps thousands of step results); its keys are
    // then read in place, without the list `Object.keys` would make.
    const out = { ...value } as Record<string, unknown>;
    const walked = keys as readonly string[];
    for (const key in out) {
      if (!Object.hasOwn(out, key)) continue;
      const v = out[key];
      if (v !== null && v !== undefined && v !== '' && this.isSensitiveField(key)) out[key] = REDACTED;
      else if (walked.includes(key)) out[key] = this.walk(v, 1);
    }
    this.maskedAt.set(out, this.generation);
    return out as T;
  }

  /**
   * Declares `value` built only from parts this redactor masked just now (the API driver's record
   * of an exchange): `redactValue` returns it as it is, not copied, until a secret is learned.
   * Returns `value`; treat it as immutable.
   */
  masked<T extends object>(value: T): T {
    this.maskedAt.set(value, this.generation);
    return value;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (this.maskedAt.get(value) === this.generation) return value;
    if (depth > MAX_DEPTH) return this.tooDeep(value);
    if (Array.isArray(value)) {
      // Nothing to mask in an empty list (most steps' checks and exchanges once trimmed): it is
      // returned as it is, as immutable as any copy this method returns.
      if (value.length === 0) return value;
      const items = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) items[i] = this.walk(value[i], depth + 1);
      return items;
    }
    const out: Record<string, unknown> = {};
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const v = (value as Record<string, unknown>)[key];
      out[key] =
        v !== null && v !== undefined && v !== '' && this.isSensitiveField(key) ? REDACTED : this.walk(v, depth + 1);
    }
    return out;
  }

  /** Below `MAX_DEPTH` a value is kept as masked JSON text rather than walked further. */
  private tooDeep(value: object): string {
    try {
      return this.redactText(JSON.stringify(value));
    } catch {
      return REDACTED;
    }
  }
}

function walkLeaves(value: unknown, depth: number, visit: (leaf: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (typeof value === 'number' || typeof value === 'bigint') visit(String(value));
  else if (depth <= MAX_DEPTH && value !== null && typeof value === 'object')
    for (const child of Array.isArray(value) ? value : Object.values(value)) walkLeaves(child, depth + 1, visit);
}
