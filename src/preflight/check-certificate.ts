import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { humanSpan } from './expiry-margin.js';
import { failed, passed, type CheckOutcome } from './results.js';

export interface CertificateInput {
  /** An https URL; its host and port (default 443) are connected to. */
  url: URL;
  /** ms since the epoch (UTC). */
  now: number;
  marginMs: number;
  marginText: string;
  /** Budget of the TLS handshake, ms (default 5000). */
  timeoutMs?: number;
}

/**
 * The certificate check of one https host: the peer certificate's `valid_to` (its `notAfter`,
 * RFC 5280 §4.1.2.5, read through node:tls) must be at least `marginMs` away. The chain is not
 * verified here (`rejectUnauthorized: false`): an untrusted certificate fails every request of
 * the run with its own TLS error; this check is about time. SNI is sent for host names
 * (RFC 6066 §3: not for IP addresses). The caller checks `allowedHosts` first.
 * Codes: `REHEARSE_PREFLIGHT_CERTIFICATE_EXPIRED`, `_EXPIRING`, `_UNREADABLE`.
 *
 * @example
 * await checkCertificate({ url: new URL('https://staging.example.com'), now: Date.now(), marginMs: 604_800_000, marginText: '7d' })
 */
export async function checkCertificate(input: CertificateInput): Promise<CheckOutcome> {
  const where = `${input.url.hostname}:${input.url.port || 443}`;
  let validTo: string;
  try {
    validTo = await peerCertificateValidTo(input.url, input.timeoutMs ?? 5000);
  } catch (error) {
    return failed(
      'certificate',
      'REHEARSE_PREFLIGHT_CERTIFICATE_UNREADABLE',
      `failed to read the TLS certificate of ${where}: ${(error as Error).message}`,
      'Check the host is up and serves TLS on that port.',
    );
  }
  const expiresAt = Date.parse(validTo);
  const at = Number.isFinite(expiresAt) ? new Date(expiresAt).toISOString() : validTo;
  const left = expiresAt - input.now;
  if (!Number.isFinite(expiresAt))
    return failed(
      'certificate',
      'REHEARSE_PREFLIGHT_CERTIFICATE_UNREADABLE',
      `the TLS certificate of ${where} has an unreadable expiry "${validTo}"`,
      'Check the certificate the host serves.',
    );
  if (left <= 0)
    return failed(
      'certificate',
      'REHEARSE_PREFLIGHT_CERTIFICATE_EXPIRED',
      `the TLS certificate of ${where} expired ${humanSpan(left)} ago (${at})`,
      'Renew the certificate and deploy it on the host: every connection to it is refused until then.',
    );
  if (left < input.marginMs)
    return failed(
      'certificate',
      'REHEARSE_PREFLIGHT_CERTIFICATE_EXPIRING',
      `the TLS certificate of ${where} expires in ${humanSpan(left)} (${at}), within the margin of ${input.marginText}`,
      'Renew it before it expires (preflight.expiryMargin sets the margin).',
    );
  return passed('certificate', `the TLS certificate of ${where} is valid until ${at}`);
}

function peerCertificateValidTo(url: URL, timeoutMs: number): Promise<string> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const certificate = socket.getPeerCertificate();
      socket.end();
      if (!certificate || !certificate.valid_to) reject(new Error('the host sent no certificate'));
      else resolve(certificate.valid_to);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}
