/**
 * Whether a field, header or query parameter name looks like it holds a credential, whatever
 * its naming style: `accessToken`, `access_token`, `AccessToken`, `x-auth-token`, `X-Amz-Signature`,
 * `private_key`, `clientSecret`, `sessionId`, `password_confirmation` all do; `token_type`,
 * `tokenUrl`, `secretName`, `idempotencyKey`, `passwordPolicy` do not.
 *
 * The name is split into words (camelCase, PascalCase, acronyms, snake_case, kebab-case, dots,
 * digits) and judged by its head noun, the last word, because that is what names the value:
 * `token_type` is a type, `refresh_token` is a token. Words glued in lower case
 * (`accesstoken`, `clientsecret`) are judged by their ending.
 *
 * @example
 * isSensitiveName('X-Amz-Signature') // true
 * isSensitiveName('token_type')      // false
 */
export function isSensitiveName(name: string): boolean {
  return judged(name).sensitive;
}

/**
 * The lower-case words of a name: `XAmzSignature` → `x amz signature`, `api_key2` → `api key 2`.
 *
 * @example
 * nameWords('refreshTokenExpiresIn') // ['refresh', 'token', 'expires', 'in']
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A name with its style removed (`card_number`, `cardNumber`, `Card-Number` → `cardnumber`), for configured names. */
export function normalizedName(name: string): string {
  return judged(name).normalized;
}

// Every key of every recorded value is judged, mostly the same few names: remember them (bounded).
const CACHE_LIMIT = 10_000;
const cache = new Map<string, { sensitive: boolean; normalized: string }>();

function judged(name: string): { sensitive: boolean; normalized: string } {
  let entry = cache.get(name);
  if (entry === undefined) {
    const words = nameWords(name);
    entry = { sensitive: judge(words), normalized: words.join('') };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(name, entry);
  }
  return entry;
}

/** Head nouns that name a credential on their own (singular; a trailing `s` is dropped first). */
const CREDENTIAL_NOUNS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'passcode',
  'secret',
  'token',
  'signature',
  'sig',
  'credential',
  'authorization',
  'cookie',
  'jwt',
  'otp',
  'cvv',
  'cvc',
  'apikey',
  'session',
  'sessionid',
]);

/** `…token`, `…secret`: lower-case words glued together (`accesstoken`, `clientsecret`, `xapikey`). */
const GLUED_ENDING =
  /(token|secret|password|passwd|passphrase|signature|credential|apikey|privatekey|secretkey|accesskey|sessionid)$/;

/** `key` is a credential only after one of these (`api_key`, `PrivateKey`, `Ocp-Apim-Subscription-Key`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'private',
  'secret',
  'access',
  'signing',
  'encryption',
  'master',
  'session',
  'client',
  'auth',
  'account',
  'shared',
  'subscription',
  'functions',
  'license',
]);

/** What follows a password word without making it something else (`password_confirmation`). */
const PASSWORD_SUFFIXES = new Set(['confirmation', 'confirm', 'repeat', 'again', 'verify', 'verification']);
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'passcode']);

function judge(all: string[]): boolean {
  // Trailing numbers (`x-hub-signature-256`, `password2`) do not change what the value is.
  const words = all.filter((w) => !/^\d+$/.test(w));
  const last = words.at(-1);
  if (last === undefined) return false;
  const head = last.length > 3 && last.endsWith('s') ? last.slice(0, -1) : last;
  if (CREDENTIAL_NOUNS.has(last) || CREDENTIAL_NOUNS.has(head)) return true;
  if (GLUED_ENDING.test(last) || GLUED_ENDING.test(head)) return true;
  const before = words.at(-2);
  if ((head === 'key' || last === 'key') && before !== undefined && KEY_QUALIFIERS.has(before)) return true;
  if (last === 'id' && before === 'session') return true;
  return PASSWORD_SUFFIXES.has(last) && words.some((w) => PASSWORD_WORDS.has(w));
}
