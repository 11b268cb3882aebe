/**
 * The one egress check of Rehearse: every outbound connection (the API
 * driver's requests, GraphQL, OAuth token requests, the preflight, the
 * virtual EDI VAN's deliveries) asks `checkEgress` before it is opened.
 *
 * Hosts are compared as the WHATWG URL parser normalises them, never
 * resolved: `localhost` does not cover `127.0.0.1`, `2130706433` is
 * `127.0.0.1`, `EXAMPLE.com.` is `example.com`, and in
 * `http://allowed.example.com@evil.example/` the host is `evil.example`
 * (what comes before `@` is user-info, RFC 3986 §3.2.1).
 */

/** One entry of an `allowedHosts` list, normalised. */
export interface HostPattern {
  /** Lower-case host name, IPv4 dotted quad or bracketed IPv6 (`[::1]`), without a trailing dot. */
  name: string;
  /** `*.name` entries: any subdomain of `name` (not `name` itself). */
  wildcard: boolean;
  /** Only this port (the scheme's default when the URL has none); any port when absent. */
  port?: number;
}

/** Why a host was refused, ready for a step error or a CLI message. */
export interface EgressRefusal {
  code: 'REHEARSE_HOST_NOT_ALLOWED';
  message: string;
  hint: string;
  /** The refused URL's host (with its port when it has one). */
  host: string;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * Reads an allowed-hosts entry: `host`, `host:port`, `*.domain`, `*.domain:port`,
 * an IPv4 address, an IPv6 address with or without brackets (`[::1]:4000`, `::1`).
 * A scheme or a path around the host (`https://api.example.com/`) is tolerated.
 * Returns `undefined` for an entry no URL host can match (empty, `*`, spaces).
 *
 * @example
 * parseHostPattern('*.Example.COM:8443') // { name: 'example.com', wildcard: true, port: 8443 }
 */
export function parseHostPattern(entry: string): HostPattern | undefined {
  let text = entry.trim();
  if (text === '' || /\s/.test(text)) return undefined;
  if (text.includes('://')) text = text.slice(text.indexOf('://') + 3);
  text = text.replace(/[/?#].*$/, '');
  let wildcard = false;
  if (text.startsWith('*.')) {
    wildcard = true;
    text = text.slice(2);
  }
  // A bare IPv6 address (`::1`) has colons but no brackets: bracket it so the port is not misread.
  if (!text.startsWith('[') && (text.match(/:/g) ?? []).length > 1) text = `[${text}]`;
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.hostname === '' || url.hostname.includes('*')) return undefined;
  const explicitPort = /:(\d+)$/.exec(text)?.[1];
  return {
    name: stripDot(url.hostname),
    wildcard,
    ...(explicitPort !== undefined ? { port: Number(explicitPort) } : {}),
  };
}

/**
 * True when the URL's host is covered by the allowed-hosts list: an exact
 * name (any port), `host:port` (that port only; `example.com:443` covers
 * `https://example.com/`), or `*.domain` (any subdomain). Only `http:` and
 * `https:` URLs can be allowed; an unparsable URL never is.
 *
 * @example
 * isHostAllowed('https://api.staging.example.com/x', ['*.example.com']) // true
 * isHostAllowed('http://allowed.example.com@evil.example/', ['allowed.example.com']) // false
 */
export function isHostAllowed(url: string | URL, allowedHosts: readonly string[]): boolean {
  const parsed = toUrl(url);
  if (!parsed || !(parsed.protocol in DEFAULT_PORTS)) return false;
  const name = stripDot(parsed.hostname);
  const port = parsed.port === '' ? DEFAULT_PORTS[parsed.protocol]! : Number(parsed.port);
  return allowedHosts.some((entry) => {
    const pattern = parseHostPattern(entry);
    if (!pattern) return false;
    if (pattern.port !== undefined && pattern.port !== port) return false;
    return pattern.wildcard ? name.endsWith(`.${pattern.name}`) : name === pattern.name;
  });
}

/**
 * Checks one outbound connection before it is opened. `action` completes
 * "Failed to …" (e.g. `send GET http://x/y`); `listName` says where the list
 * lives, for the hint. Returns `undefined` when the host is allowed.
 *
 * Raises nothing: the refusal (code `REHEARSE_HOST_NOT_ALLOWED`) is a value
 * for the caller to return, throw or print.
 *
 * @example
 * checkEgress('http://evil.example/x', ['api.example.com'], { action: 'send GET http://evil.example/x' })
 * // { code: 'REHEARSE_HOST_NOT_ALLOWED', host: 'evil.example',
 * //   message: 'Failed to send GET http://evil.example/x: evil.example is not an allowed host (allowed: api.example.com).', ... }
 */
export function checkEgress(
  url: string | URL,
  allowedHosts: readonly string[],
  options: { action: string; listName?: string },
): EgressRefusal | undefined {
  if (isHostAllowed(url, allowedHosts)) return undefined;
  const listName = options.listName ?? 'the environment’s allowedHosts in rehearse.config.yaml';
  const parsed = toUrl(url);
  const allowed = allowedHosts.length ? allowedHosts.join(', ') : 'none';
  if (!parsed || !(parsed.protocol in DEFAULT_PORTS)) {
    const shown = parsed ? `${parsed.protocol}//${parsed.host}` : JSON.stringify(String(url).slice(0, 200));
    return {
      code: 'REHEARSE_HOST_NOT_ALLOWED',
      host: parsed?.host ?? '',
      message: `Failed to ${options.action}: ${shown} is not an http or https URL, and only those can be allowed.`,
      hint: 'Use an http:// or https:// URL whose host is in allowedHosts.',
    };
  }
  const host = parsed.host;
  // The user-info may be a credential: say that it is there, never what it holds.
  const userinfo =
    parsed.username || parsed.password ? ' (what comes before "@" in the URL is user-info, not the host)' : '';
  const name = stripDot(parsed.hostname);
  return {
    code: 'REHEARSE_HOST_NOT_ALLOWED',
    host,
    message: `Failed to ${options.action}: ${host} is not an allowed host${userinfo} (allowed: ${allowed}).`,
    hint: `Add "${name}"${parsed.port ? ` (or "${host}" for this port only)` : ''} to ${listName} if it really should be called.`,
  };
}

function toUrl(url: string | URL): URL | undefined {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function stripDot(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
