import { CookieJar as ToughCookieJar } from 'tough-cookie';

/**
 * A cookie jar of one session (a scenario run, a copy of a `parallel` block, or a tenant in one
 * worker — see `CookieJars`). Storage, expiry, `Path`, `Secure` and `Domain` rules are
 * tough-cookie's (RFC 6265); on top of that a cookie is only ever sent back to the origin that set
 * it — scheme, host and port (RFC 6454) — which is stricter than RFC 6265, whose cookies ignore
 * the port and follow `Domain` to sibling hosts: a session of `127.0.0.1:4000` never reaches
 * `127.0.0.1:4001` or `localhost:4000`. Values never leave the jar except in the `Cookie` header;
 * the client registers every cookie value it receives or sends as a secret of the run.
 *
 * @example
 * const jar = new CookieJar();
 * jar.store(new URL('http://127.0.0.1:4000/login'), 'sid=abc; Path=/; HttpOnly');
 * jar.header(new URL('http://127.0.0.1:4000/me')) // 'sid=abc'
 */
export class CookieJar {
  private byOrigin = new Map<string, ToughCookieJar>();

  /** Stores the `Set-Cookie` headers of an answer from `url`; cookies a browser would refuse are dropped. */
  store(url: URL, setCookie: string | string[] | undefined): void {
    const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    if (!headers.length) return;
    let jar = this.byOrigin.get(url.origin);
    if (!jar) this.byOrigin.set(url.origin, (jar = new ToughCookieJar()));
    for (const header of headers) jar.setCookieSync(header, url.href, { ignoreError: true });
  }

  /** The `Cookie` header value for a request to `url`, or undefined. */
  header(url: URL): string | undefined {
    const value = this.byOrigin.get(url.origin)?.getCookieStringSync(url.href);
    return value ? value : undefined;
  }

  /** A jar holding the same cookies, from then on apart: what one stores the other never sees. */
  copy(): CookieJar {
    const copy = new CookieJar();
    for (const [origin, jar] of this.byOrigin) {
      const clone = jar.cloneSync();
      if (clone) copy.byOrigin.set(origin, clone);
    }
    return copy;
  }

  /** Every cookie value held, for registering them as secrets of a run that starts using this jar. */
  values(): string[] {
    const out: string[] = [];
    for (const jar of this.byOrigin.values())
      for (const cookie of jar.serializeSync()?.cookies ?? [])
        if (typeof cookie.value === 'string') out.push(cookie.value);
    return out;
  }
}

/**
 * The jars of one session, by name: `default` (the scenario's own) and any named jar a step or
 * an action file asks for (`cookies: { jar: admin }`), each apart from the others.
 */
export class CookieJars {
  private jars = new Map<string, CookieJar>();

  /** The jar of that name, created empty on first use. */
  jar(name = DEFAULT_JAR): CookieJar {
    let jar = this.jars.get(name);
    if (!jar) this.jars.set(name, (jar = new CookieJar()));
    return jar;
  }

  /** A copy of every jar (a `parallel` copy's session). */
  copy(): CookieJars {
    const copy = new CookieJars();
    for (const [name, jar] of this.jars) copy.jars.set(name, jar.copy());
    return copy;
  }

  /** Every cookie value in every jar. */
  values(): string[] {
    return [...this.jars.values()].flatMap((jar) => jar.values());
  }
}

/** The name of a session's own jar. */
export const DEFAULT_JAR = 'default';
