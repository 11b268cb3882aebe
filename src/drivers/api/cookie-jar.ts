import { isIP } from 'node:net';

interface Cookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  expiresAt: number | undefined;
}

/**
 * A cookie jar per session (a scenario run, or one copy of a `parallel` block, see `copy`): stores `Set-Cookie` by domain, path and
 * expiry and sends matching cookies back. Values never leave it except in the
 * `Cookie` header; the client registers every cookie value it receives or sends
 * as a secret of the run (`registerResponseSecrets`, `registerRequestSecrets`).
 */
export class CookieJar {
  private cookies: Cookie[] = [];

  store(url: URL, setCookie: string | string[] | undefined, now = Date.now()): void {
    for (const header of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie: Cookie = {
        name: pair.slice(0, eq).trim(),
        value: pair.slice(eq + 1).trim(),
        domain: url.hostname,
        hostOnly: true,
        path: defaultPath(url.pathname),
        expiresAt: undefined,
      };
      for (const attribute of attributes) {
        const [rawKey = '', ...rest] = attribute.split('=');
        const key = rawKey.trim().toLowerCase();
        const value = rest.join('=').trim();
        if (key === 'domain' && value) {
          cookie.domain = value.replace(/^\./, '').toLowerCase();
          cookie.hostOnly = false;
        } else if (key === 'path' && value.startsWith('/')) cookie.path = value;
        else if (key === 'max-age' && /^-?\d+$/.test(value)) cookie.expiresAt = now + Number(value) * 1000;
        else if (key === 'expires' && cookie.expiresAt === undefined) {
          const time = Date.parse(value);
          if (!Number.isNaN(time)) cookie.expiresAt = time;
        }
      }
      // RFC 6265 5.3: a Domain the request host does not domain-match (or any
      // Domain but its own for an IP address) voids the cookie.
      if (!cookie.hostOnly && !domainMatches(url.hostname.toLowerCase(), cookie.domain)) continue;
      this.cookies = this.cookies.filter(
        (c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path),
      );
      if (cookie.expiresAt === undefined || cookie.expiresAt > now) this.cookies.push(cookie);
    }
  }

  /** A jar holding the same cookies, from then on apart: what one stores the other never sees. */
  copy(): CookieJar {
    const copy = new CookieJar();
    copy.cookies = this.cookies.map((c) => ({ ...c }));
    return copy;
  }

  /** The `Cookie` header value for a request to `url`, or undefined. */
  header(url: URL, now = Date.now()): string | undefined {
    const host = url.hostname.toLowerCase();
    const matching = this.cookies.filter(
      (c) =>
        (c.expiresAt === undefined || c.expiresAt > now) &&
        (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)) &&
        (url.pathname === c.path ||
          url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) ||
          c.path === '/'),
    );
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }
}

function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return !isIP(host.replace(/^\[|\]$/g, '')) && host.endsWith(`.${domain}`);
}

function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : pathname.slice(0, slash);
}
