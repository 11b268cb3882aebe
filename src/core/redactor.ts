/** What replaces a secret in anything recorded. */
export const REDACTED = '[REDACTED]';

const DEFAULT_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key'];
const DEFAULT_FIELDS = [
  'password',
  'passwd',
  'secret',
  'client_secret',
  'access_token',
  'refresh_token',
  'token',
  'apiKey',
  'api_key',
];

export interface RedactorOptions {
  /** Header names whose values are always hidden (case-insensitive). */
  headers?: readonly string[];
  /** Body/object field names whose values are always hidden (case-insensitive). */
  fields?: readonly string[];
}

/**
 * Hides secrets in everything Rehearse records: every value registered with
 * `addSecret` wherever it appears (also URL- and base64-encoded), sensitive
 * headers, and sensitive body fields.
 *
 * @example
 * const r = new Redactor();
 * r.addSecret('s3cr3t');
 * r.redactText('token=s3cr3t') // 'token=[REDACTED]'
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly headers: Set<string>;
  private readonly fields: Set<string>;
  private pattern: RegExp | undefined;

  constructor(options: RedactorOptions = {}) {
    this.headers = new Set([...DEFAULT_HEADERS, ...(options.headers ?? [])].map((h) => h.toLowerCase()));
    this.fields = new Set([...DEFAULT_FIELDS, ...(options.fields ?? [])].map((f) => f.toLowerCase()));
  }

  /** Registers a secret value; short values (< 4 chars) are ignored to avoid shredding text. */
  addSecret(value: string | undefined): void {
    if (!value || value.length < 4) return;
    for (const form of [value, encodeURIComponent(value), Buffer.from(value).toString('base64')])
      this.secrets.add(form);
    this.pattern = undefined;
  }

  isSensitiveHeader(name: string): boolean {
    return this.headers.has(name.toLowerCase());
  }

  /** A field named like a sensitive header (`authorization` in a JSON body of headers) is sensitive too. */
  isSensitiveField(name: string): boolean {
    const lower = name.toLowerCase();
    return this.fields.has(lower) || this.headers.has(lower);
  }

  redactText(text: string): string {
    if (this.secrets.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, REDACTED);
  }

  redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(', ') : value;
      out[name] = this.isSensitiveHeader(name) ? REDACTED : this.redactText(text);
    }
    return out;
  }

  /** Deep copy of `value` with sensitive fields and secret values hidden. */
  redactValue<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        out[key] = this.isSensitiveField(key) && v !== null && v !== undefined && v !== '' ? REDACTED : this.walk(v);
      }
      return out;
    }
    return value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
