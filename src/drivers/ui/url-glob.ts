/**
 * A URL glob as a RegExp: `**` matches across path segments, `*` within one; every other
 * character stands for itself (`?` included, so a query string can be written as it is).
 * Playwright's own URL globs read the same for `*` and `**`.
 *
 * @example
 * globRegExp('/orders/SO-*').test('/orders/SO-000123') // true
 */
export function globRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (ch === '*') source += '[^/]*';
    else source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether a URL matches a glob: a glob that starts with `/` is matched against the path (and the
 * query, when the glob has a `?`); any other against the whole URL without its fragment.
 */
export function urlMatchesGlob(url: string, glob: string): boolean {
  const parsed = new URL(url);
  const subject = glob.startsWith('/')
    ? `${parsed.pathname}${glob.includes('?') ? parsed.search : ''}`
    : `${parsed.origin}${parsed.pathname}${parsed.search}`;
  return globRegExp(glob).test(subject);
}
