/** The checks of the tenant preflight, as they are named in its messages. */
export type TenantCheck = 'credentials' | 'token expiry' | 'certificate' | 'configuration';

/**
 * Stable codes of a failed check. A pipeline may branch on them; each maps to one cause:
 * - `REHEARSE_PREFLIGHT_CREDENTIALS_MISSING`: a secret reference of the tenant's auth resolves to nothing;
 * - `REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED`: the token endpoint or login refused the credentials,
 *   or the target refused the read call made with the token it issued (401/403);
 * - `REHEARSE_PREFLIGHT_READ_FAILED`: the read call failed otherwise (network, another status);
 * - `REHEARSE_PREFLIGHT_TOKEN_EXPIRED` / `_EXPIRING`: a JWT's `exp` (RFC 7519 §4.1.4) is past, or
 *   within the margin for a configured token;
 * - `REHEARSE_PREFLIGHT_CERTIFICATE_EXPIRED` / `_EXPIRING` / `_UNREADABLE`: a host's TLS
 *   certificate (its `notAfter`, RFC 5280 §4.1.2.5) is past, within the margin, or could not be read;
 * - `REHEARSE_PREFLIGHT_CONFIGURATION_MISMATCH` / `_UNREADABLE`: the target's tenant
 *   configuration differs from the profile's `expects:`, or could not be read as JSON.
 */
export type PreflightCode =
  | 'REHEARSE_PREFLIGHT_CREDENTIALS_MISSING'
  | 'REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED'
  | 'REHEARSE_PREFLIGHT_READ_FAILED'
  | 'REHEARSE_PREFLIGHT_TOKEN_EXPIRED'
  | 'REHEARSE_PREFLIGHT_TOKEN_EXPIRING'
  | 'REHEARSE_PREFLIGHT_CERTIFICATE_EXPIRED'
  | 'REHEARSE_PREFLIGHT_CERTIFICATE_EXPIRING'
  | 'REHEARSE_PREFLIGHT_CERTIFICATE_UNREADABLE'
  | 'REHEARSE_PREFLIGHT_CONFIGURATION_MISMATCH'
  | 'REHEARSE_PREFLIGHT_CONFIGURATION_UNREADABLE';

/** One check of one tenant, as data (serialisable: `rehearse preflight --format json` prints it). */
export type CheckOutcome =
  | { check: TenantCheck; status: 'passed' | 'skipped'; message: string }
  | { check: TenantCheck; status: 'failed'; code: PreflightCode; message: string; hint: string };

/** Every check of one tenant, in the order they ran. */
export interface TenantPreflight {
  tenant: string;
  checks: CheckOutcome[];
}

/** What the tenant preflight found; `ok` is false when any check of any tenant failed. */
export interface PreflightReport {
  ok: boolean;
  tenants: TenantPreflight[];
}

/** A passed or skipped check. */
export const passed = (check: TenantCheck, message: string): CheckOutcome => ({ check, status: 'passed', message });

/** A check that did not apply (no auth, no `expects:`, no https host). */
export const skipped = (check: TenantCheck, message: string): CheckOutcome => ({ check, status: 'skipped', message });

/** A failed check: its code, what was found, and what to do about it. */
export const failed = (check: TenantCheck, code: PreflightCode, message: string, hint: string): CheckOutcome => ({
  check,
  status: 'failed',
  code,
  message,
  hint,
});
