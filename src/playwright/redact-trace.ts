import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { Redactor } from '../core/redactor.js';
import { sensitiveValuesInJsonText } from '../core/sensitive-values-in-json-text.js';

const TEXT_NAMES = /\.(trace|network|stacks|json|jsonl|txt|html?|css|m?js|xml|svg)$/i;
/** Input methods whose `value`/`text` a trace records as typed. */
const TYPING_METHODS = new Set(['fill', 'type', 'pressSequentially', 'press', 'insertText']);
/** A selector of a field whose typed value is a credential whatever the redactor knows. */
const SECRET_FIELD = /pass(word|wd|phrase)?|secret|token|otp|pin\b|credential|api[-_ ]?key/i;

/**
 * A Playwright trace (the zip `tracing.stop({ path })` writes) with no secret left in it: the
 * run's registered secrets (typed passwords, cookie values, tokens) in every spelling the
 * redactor knows, plus whatever the trace itself reveals as sensitive — the values of `Cookie`,
 * `Set-Cookie`, `Authorization` (and any header the redactor treats as sensitive) in network
 * entries, every cookie and local-storage value (a context's storage state, HAR cookie lists),
 * the value typed into a field whose selector names a credential, and sensitive members of JSON
 * that does not parse. Every text entry is read twice: first to learn those values (across all
 * entries, so a cookie seen in one is masked in all), then rewritten through the redactor.
 * Binary entries (screenshots) are kept as they are. The trace format is Playwright's
 * (`trace.trace`, `trace.network` as JSON lines, `resources/*`); fflate reads and writes the zip.
 *
 * @example
 * const safe = redactTrace(readFileSync(tmp), redactor);
 * await testInfo.attach('trace', { body: Buffer.from(safe), contentType: 'application/zip' });
 */
export function redactTrace(zip: Uint8Array, redactor: Redactor): Uint8Array {
  const entries = unzipSync(zip);
  const texts = new Map<string, string>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [name, bytes] of Object.entries(entries)) {
    const text = asText(name, bytes, decoder);
    if (text !== undefined) texts.set(name, text);
  }
  for (const text of texts.values()) learnSecrets(text, redactor);
  const out: Zippable = {};
  for (const [name, bytes] of Object.entries(entries)) {
    const text = texts.get(name);
    out[name] = text === undefined ? bytes : new TextEncoder().encode(redactor.redactText(text));
  }
  return zipSync(out, { level: 6 });
}

function asText(name: string, bytes: Uint8Array, decoder: TextDecoder): string | undefined {
  if (!TEXT_NAMES.test(name) && bytes.includes(0)) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined; // an image or other binary resource
  }
}

/** Registers what the trace's own records show to be secret. */
function learnSecrets(text: string, redactor: Redactor): void {
  const lines = text.split('\n');
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      for (const found of sensitiveValuesInJsonText(trimmed, (n) => redactor.isSensitiveField(n)))
        redactor.addSecret(found);
      continue;
    }
    redactor.learnFrom(value);
    visit(value, redactor, 0);
  }
}

function visit(node: unknown, redactor: Redactor, depth: number): void {
  if (depth > 64 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) visit(item, redactor, depth + 1);
    return;
  }
  const record = node as Record<string, unknown>;
  // A header or cookie as HAR and Playwright record them: { name, value }.
  if (typeof record.name === 'string' && typeof record.value === 'string') {
    if (redactor.isSensitiveHeader(record.name)) learnHeader(record.name, record.value, redactor);
    else if (redactor.isSensitiveField(record.name)) redactor.addSecret(record.value);
  }
  for (const [key, child] of Object.entries(record)) {
    if ((key === 'cookies' || key === 'localStorage' || key === 'sessionStorage') && Array.isArray(child)) {
      for (const item of child)
        if (item && typeof item === 'object' && typeof (item as { value?: unknown }).value === 'string')
          redactor.addSecret((item as { value: string }).value);
    }
    if (key === 'storageState') redactor.addSecretsIn(child);
  }
  // What a test typed into a credential field (`fill` of a password box).
  if (typeof record.method === 'string' && TYPING_METHODS.has(record.method)) {
    const params = record.params as Record<string, unknown> | undefined;
    const selector = typeof params?.selector === 'string' ? params.selector : '';
    if (SECRET_FIELD.test(selector))
      for (const key of ['value', 'text'] as const)
        if (typeof params?.[key] === 'string') redactor.addSecret(params[key]);
  }
  for (const child of Object.values(record)) visit(child, redactor, depth + 1);
}

function learnHeader(name: string, value: string, redactor: Redactor): void {
  redactor.addSecret(value);
  const lower = name.toLowerCase();
  if (lower === 'cookie')
    for (const pair of value.split(';')) redactor.addSecret(pair.slice(pair.indexOf('=') + 1).trim());
  if (lower === 'set-cookie')
    for (const line of value.split('\n')) {
      const first = line.split(';')[0] ?? '';
      redactor.addSecret(first.slice(first.indexOf('=') + 1).trim());
    }
  if (lower === 'authorization') redactor.addSecret(value.replace(/^\S+\s+/, ''));
}
