import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Distinctive fake secrets, one per way a secret reaches a run; fresh for every test. */
export function fakeSecrets() {
  const make = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;
  return {
    bearer: make('fx-bearer-token'),
    apiKeyHeader: make('fx-apikey-header'),
    apiKeyQuery: make('fx-apikey-query'),
    basicUser: make('fx-basic-user'),
    basicPassword: make('fx-basic-pw'),
    clientId: make('fx-client-id'),
    clientSecret: make('fx-client-secret'),
    oauthAccess: make('fx-oauth-access'),
    oauthRefresh: make('fx-oauth-refresh'),
    loginPassword: make('fx-login-pw'),
    loginToken: make('fx-login-jwt'),
    loginRefresh: make('fx-login-refresh'),
    headerToken: make('fx-x-auth-token'),
    cookie: make('fx-cookie-session'),
    userInfoPassword: make('fx-userinfo-pw'),
    amzSignature: make('fx-amz-sig'),
    googSignature: make('fx-goog-sig'),
    sasSignature: make('fx-sas-sig'),
    secretParam: make('fx-secret-param'),
    declaredVar: make('fx-declared-var'),
  };
}
export type FakeSecrets = ReturnType<typeof fakeSecrets>;

export interface LoggedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface SecretsTarget {
  url: string;
  port: number;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

/**
 * A target on 127.0.0.1 that accepts every auth type of a tenant profile with the given
 * secrets, issues OAuth2 tokens, answers a login with a token in its body and in a header and a
 * session cookie, and echoes every request back — headers, query and body, also as free text,
 * where no field name can say what is secret.
 */
export async function startSecretsTarget(secrets: FakeSecrets): Promise<SecretsTarget> {
  const requests: LoggedRequest[] = [];
  const basic = `Basic ${Buffer.from(`${secrets.basicUser}:${secrets.basicPassword}`).toString('base64')}`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      const echo = () => ({
        received: `${req.method} ${req.url}\n${Object.entries(req.headers)
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join('\n')}\n\n${body}`,
        headers: req.headers,
        query: Object.fromEntries(url.searchParams),
        body,
      });
      const authorized =
        req.headers.authorization === `Bearer ${secrets.bearer}` ||
        req.headers.authorization === `Bearer ${secrets.oauthAccess}` ||
        req.headers.authorization === basic ||
        req.headers['x-partner-key'] === secrets.apiKeyHeader ||
        url.searchParams.get('k') === secrets.apiKeyQuery;
      switch (`${req.method} ${url.pathname}`) {
        case 'GET /health':
          return send(200, { status: 'ok' });
        case 'POST /oauth/token': {
          const form = new URLSearchParams(body);
          if (form.get('client_id') !== secrets.clientId || form.get('client_secret') !== secrets.clientSecret)
            return send(401, { error: 'invalid_client' });
          return send(200, {
            access_token: secrets.oauthAccess,
            refresh_token: secrets.oauthRefresh,
            token_type: 'Bearer',
            expires_in: 3600,
          });
        }
        case 'GET /whoami':
          return authorized ? send(200, { ok: true }) : send(401, { error: 'unauthenticated', ...echo() });
        case 'POST /login':
          return send(
            200,
            { user: 'qa', accessToken: secrets.loginToken, refreshToken: secrets.loginRefresh, tokenType: 'Bearer' },
            { 'x-auth-token': secrets.headerToken, 'set-cookie': `sid=${secrets.cookie}; Path=/; HttpOnly` },
          );
        case 'POST /graphql': {
          const { variables } = JSON.parse(body || '{}') as { variables?: Record<string, unknown> };
          return send(200, { data: { unlock: { ok: true, echo: JSON.stringify(variables) } } });
        }
        case 'POST /cleanup':
          return send(500, { error: 'cleanup refused', ...echo() });
        default:
          return send(200, echo());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
