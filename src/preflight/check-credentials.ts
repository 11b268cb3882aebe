import { RehearseError } from '../core/errors.js';
import type { HttpTransport, TransportResponse } from '../engine/transport.js';
import type { AuthConfig } from '../schema/auth.js';
import { failed, passed, skipped, type CheckOutcome } from './results.js';

export interface CredentialsInput {
  /** The tenant's client, built as its scenarios' is (`createTenantClient`): the real auth providers. */
  client: HttpTransport;
  auth: AuthConfig | undefined;
  /** Absolute URL of the read call. */
  readUrl: string;
  /** The read call's path as configured, for messages. */
  readPath: string;
  /** Budget of the read call, ms. */
  timeoutMs: number;
}

export interface CredentialsResult {
  outcome: CheckOutcome;
  /** The headers the auth provider added, when it could (for the token expiry check). */
  authHeaders?: Record<string, string>;
  /** The read call's answer, when it succeeded (the configuration check reuses it for the same path). */
  response?: TransportResponse;
}

/**
 * The credentials check: the tenant's auth provider obtains its token (an OAuth2 token request,
 * a login action) or reads its configured one, then a GET of `readUrl` with it must answer 2xx.
 * A tenant without `auth:` is skipped. Codes: `REHEARSE_PREFLIGHT_CREDENTIALS_MISSING` (a secret
 * reference resolves to nothing), `REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED` (no token was issued,
 * or the read was answered 401/403), `REHEARSE_PREFLIGHT_READ_FAILED` (anything else).
 * Messages hold no secret value: they name the references, and the client's errors are redacted.
 *
 * @example
 * await checkCredentials({ client, auth, readUrl: 'http://127.0.0.1:4000/api/v1/tenant', readPath: '/api/v1/tenant', timeoutMs: 10_000 })
 */
export async function checkCredentials(input: CredentialsInput): Promise<CredentialsResult> {
  const { auth } = input;
  if (!auth) return { outcome: skipped('credentials', 'the tenant has no auth: nothing to check') };
  let authHeaders: Record<string, string>;
  try {
    authHeaders = (await input.client.authHeaders?.()) ?? {};
  } catch (error) {
    return { outcome: refusedAtIssue(auth, error) };
  }
  const result = await input.client.send({ method: 'GET', url: input.readUrl, timeoutMs: input.timeoutMs });
  const read = `GET ${input.readPath}`;
  if (!result.ok)
    return {
      authHeaders,
      outcome: failed(
        'credentials',
        'REHEARSE_PREFLIGHT_READ_FAILED',
        `${credentialsOf(auth)} worked, but the read call ${read} failed: ${result.error.message}`,
        result.error.hint ?? 'Check the target answers that path (preflight.readPath sets it).',
      ),
    };
  const { status } = result.response;
  if (status === 401 || status === 403)
    return {
      authHeaders,
      outcome: failed(
        'credentials',
        'REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED',
        `${issuedWhat(auth)}, but the target refused the read call ${read} with it (${status}${errorCodeOf(result.response.json)})`,
        status === 401
          ? 'The target does not accept the token: revoked, expired at issue, or issued for another audience or tenant.'
          : 'The token is accepted but may not read: check the tenant user’s role or the client’s scopes.',
      ),
    };
  if (status < 200 || status >= 300)
    return {
      authHeaders,
      outcome: failed(
        'credentials',
        'REHEARSE_PREFLIGHT_READ_FAILED',
        `the read call ${read} answered ${status}${errorCodeOf(result.response.json)}`,
        'Set preflight.readPath to a GET every tenant may make (default: preflight.tenantPath, /api/v1/tenant).',
      ),
    };
  return {
    authHeaders,
    response: result.response,
    outcome: passed('credentials', `${issuedWhat(auth)}; ${read} answered ${status}`),
  };
}

function refusedAtIssue(auth: AuthConfig, error: unknown): CheckOutcome {
  const code = error instanceof RehearseError ? error.code : 'REHEARSE_INTERNAL';
  const message = (error as Error).message.replace(/\.$/, '');
  if (code === 'REHEARSE_SECRET_MISSING' || code === 'REHEARSE_SECRET_OUTSIDE_PROJECT')
    return failed(
      'credentials',
      'REHEARSE_PREFLIGHT_CREDENTIALS_MISSING',
      message,
      (error as RehearseError).hint ?? 'Set the secret the tenant’s auth references.',
    );
  const said = tokenErrorOf(error);
  const status = said?.status ?? Number(/answered (\d{3})/.exec(message)?.[1]);
  if (auth.type === 'oauth2') {
    if (status !== 400 && status !== 401)
      return failed(
        'credentials',
        'REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED',
        `no token from ${auth.tokenUrl}: ${message}`,
        'Check the token endpoint is up and reachable (allowedHosts), and its URL.',
      );
    // The endpoint's own words (RFC 6749 §5.2) tell a rotated secret from a scope or grant problem.
    const answer = `${status}${said?.error ? ` ${said.error}${said.description ? `: ${said.description.replace(/\.$/, '')}` : ''}` : ''}`;
    const rotated = !said?.error || said.error === 'invalid_client';
    return failed(
      'credentials',
      'REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED',
      `the token endpoint ${auth.tokenUrl} refused the client ${auth.clientId} (${answer})${rotated ? ' — were its secrets rotated?' : ''}`,
      oauth2Hint(auth, said?.error),
    );
  }
  if (auth.type === 'login')
    return failed(
      'credentials',
      'REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED',
      `the login action ${auth.action} gave no token: ${message}`,
      'Check the credentials it passes under with: (their env: variables or files) — were they rotated?',
    );
  return failed(
    'credentials',
    'REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED',
    message,
    'Check the tenant’s auth: and its secrets.',
  );
}

/** The status and OAuth2 error the API driver's token request kept as its error's cause. */
function tokenErrorOf(error: unknown): { status?: number; error?: string; description?: string } | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  if (!cause || typeof cause !== 'object') return undefined;
  const { status, error: code, description } = cause as Record<string, unknown>;
  return {
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof code === 'string' ? { error: code } : {}),
    ...(typeof description === 'string' ? { description } : {}),
  };
}

/** What to do about a token endpoint's refusal, by its RFC 6749 §5.2 error code. */
function oauth2Hint(auth: Extract<AuthConfig, { type: 'oauth2' }>, code: string | undefined): string {
  switch (code) {
    case 'invalid_scope':
      return `The client may not have the scope it asks for: check the tenant's auth scope: (and the client's grants at the identity provider).`;
    case 'unauthorized_client':
      return 'The client may not use the client_credentials grant: allow it for the client at the identity provider.';
    case 'unsupported_grant_type':
      return 'The token endpoint does not offer the client_credentials grant: check tokenUrl points at the right endpoint.';
    case 'invalid_request':
      return 'The token endpoint refused the request itself: check tokenUrl and the auth: options (audience, scope).';
    default:
      return `Update the secrets ${auth.clientId} and ${auth.clientSecret} with the client's current credentials (and wherever the workers read them).`;
  }
}

/** The credentials named by their references, never their values. */
function credentialsOf(auth: AuthConfig): string {
  switch (auth.type) {
    case 'oauth2':
      return `the client ${auth.clientId}`;
    case 'login':
      return `the login action ${auth.action}`;
    case 'bearer':
      return `the bearer token ${auth.token}`;
    case 'apiKey':
      return `the API key ${auth.value}`;
    case 'basic':
      return `the basic credentials ${auth.username}`;
  }
}

function issuedWhat(auth: AuthConfig): string {
  if (auth.type === 'oauth2') return `a token was issued to ${credentialsOf(auth)}`;
  if (auth.type === 'login') return `${credentialsOf(auth)} issued a token`;
  return `${credentialsOf(auth)} was sent`;
}

/** ` invalid_token` from an OAuth2 error body (RFC 6750 §3.1) or `{ error: { code } }`. */
function errorCodeOf(json: unknown): string {
  if (!json || typeof json !== 'object') return '';
  const error = (json as { error?: unknown }).error;
  if (typeof error === 'string') return ` ${error}`;
  if (error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string')
    return ` ${(error as { code: string }).code}`;
  return '';
}
