/**
 * True when the URL's host is covered by an allowed-hosts list:
 * `host`, `host:port`, or `*.domain` (any subdomain).
 *
 * @example
 * isHostAllowed('https://api.staging.example.com/x', ['*.example.com']) // true
 */
export function isHostAllowed(url: string, allowedHosts: readonly string[]): boolean {
  const { hostname, host } = new URL(url);
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return allowedHosts.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === host.toLowerCase() || p === name) return true;
    return p.startsWith('*.') && name.endsWith(p.slice(1));
  });
}
