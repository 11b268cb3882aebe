import { checkEgress } from '../core/egress.js';
import { RehearseError } from '../core/errors.js';
import { Redactor } from '../core/redactor.js';
import type { ResolvedEnvironment } from '../environment/resolve-environment.js';
import type { Project } from '../loader/project.js';
import { runOptionsOf } from '../playwright/prepare-run.js';
import type { AuthConfig } from '../schema/auth.js';
import { checkCertificate } from './check-certificate.js';
import { checkConfiguration } from './check-configuration.js';
import { checkCredentials } from './check-credentials.js';
import { checkTokenExpiry } from './check-token-expiry.js';
import { DEFAULT_EXPIRY_MARGIN, expiryMarginMs } from './expiry-margin.js';
import { failed, skipped, type CheckOutcome, type PreflightReport, type TenantPreflight } from './results.js';
import { preflightClient } from './tenant-client.js';

export interface TenantPreflightOptions {
  project: Project;
  /** The environment as the run resolved it (an embedded target's URLs and tenant auth filled in). */
  environment: ResolvedEnvironment;
  baseUrl: string;
  /** The tenant profiles to check, by name. */
  tenants: readonly string[];
  /**
   * Values of the `env:` references an embedded target generated (its tenants' credentials),
   * which a run hands its Playwright processes: the preflight resolves them the same way.
   */
  secretEnv?: Readonly<Record<string, string>>;
  /** The run's seed (a login action's fake data). */
  seed?: string;
  /** ms since the epoch (UTC); default `Date.now`. */
  now?: () => number;
  /** Budget of each request and TLS handshake, ms (default 10 000). */
  timeoutMs?: number;
}

const DEFAULT_TENANT_PATH = '/api/v1/tenant';

/**
 * The tenant preflight: for each tenant, in order, its credentials (a token is issued and a read
 * call with it succeeds), the expiry of its token (JWT `exp`) and of the TLS certificates of the
 * https hosts it depends on (the target's, the partners', its token endpoint's), and its
 * configuration and feature flags against the profile's `expects:`. Tenants are checked at once;
 * each certificate is read once. Every outbound connection is checked against `allowedHosts`
 * first (the client's requests by the client). Every message is redacted with the secrets the
 * tenants' auth resolved or obtained. Results are data (`PreflightReport`); a failed check is
 * never thrown.
 *
 * @throws RehearseError `REHEARSE_HOST_NOT_ALLOWED` for a certificate host outside
 * `allowedHosts`, `REHEARSE_CONFIG_INVALID` for a bad `expiryMargin` (both exit 2: configuration).
 * @example
 * const report = await preflightTenants({ project, environment, baseUrl, tenants: ['standard'] });
 * if (!report.ok) process.exitCode = 3;
 */
export async function preflightTenants(o: TenantPreflightOptions): Promise<PreflightReport> {
  const settings = o.project.config.preflight ?? {};
  const marginText = settings.expiryMargin ?? DEFAULT_EXPIRY_MARGIN;
  const marginMs = expiryMarginMs(marginText);
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const tenantPath = settings.tenantPath ?? DEFAULT_TENANT_PATH;
  const readPath = settings.readPath ?? tenantPath;
  // An embedded target's generated credentials: the tenant client resolves env: references from
  // process.env, and these are the values the run gives its Playwright processes too.
  Object.assign(process.env, o.secretEnv ?? {});

  const options = runOptionsOf({
    root: o.project.root,
    project: o.project,
    environment: o.environment,
    baseUrl: o.baseUrl,
    runId: `preflight-${now()}`,
    seed: o.seed ?? 'preflight',
    startedAt: now(),
    scenarios: [],
    tenants: [...o.tenants],
    drivers: ['api'],
    reporters: [],
    outputDir: o.project.root,
    deployment: undefined,
  });
  const redactor = new Redactor({ fields: options.redact.fields, headers: options.redact.headers });
  const authOf = (tenant: string): AuthConfig | undefined =>
    options.tenantAuth[tenant] ?? o.project.tenants.get(tenant)?.profile.auth;

  const hosts = certificateHosts(o, authOf);
  for (const url of hosts.keys()) {
    const refused = checkEgress(new URL(url), o.environment.allowedHosts, {
      action: `read the TLS certificate of ${url}`,
    });
    if (refused) throw new RehearseError(refused.code, refused.message, { hint: refused.hint });
  }
  const certificates = new Map(
    await Promise.all(
      [...hosts.keys()].map(
        async (url) =>
          [url, await checkCertificate({ url: new URL(url), now: now(), marginMs, marginText, timeoutMs })] as const,
      ),
    ),
  );

  const controller = new AbortController();
  const one = async (tenant: string): Promise<TenantPreflight> => {
    const auth = authOf(tenant);
    const checks: CheckOutcome[] = [];
    let client: ReturnType<typeof preflightClient> | undefined;
    try {
      client = preflightClient({ project: o.project, options, tenant, redactor, signal: controller.signal });
    } catch (error) {
      checks.push(
        failed(
          'credentials',
          'REHEARSE_PREFLIGHT_CREDENTIALS_MISSING',
          (error as Error).message.replace(/\.$/, ''),
          error instanceof RehearseError && error.hint ? error.hint : 'Set the secrets the tenant’s auth references.',
        ),
      );
    }
    try {
      let configuration: { body: unknown } | undefined;
      if (client) {
        const credentials = await checkCredentials({
          client,
          auth,
          readUrl: new URL(readPath, o.baseUrl).href,
          readPath,
          timeoutMs,
        });
        checks.push(credentials.outcome);
        if (credentials.authHeaders && auth)
          checks.push(
            checkTokenExpiry({
              headers: credentials.authHeaders,
              origin: auth.type === 'oauth2' || auth.type === 'login' ? 'issued' : 'configured',
              now: now(),
              marginMs,
              marginText,
            }),
          );
        if (credentials.response && readPath === tenantPath) configuration = { body: credentials.response.json };
      }
      for (const [url, users] of hosts) if (users === 'all' || users.has(tenant)) checks.push(certificates.get(url)!);
      if (!checks.some((c) => c.check === 'certificate')) checks.push(skipped('certificate', 'no https host to check'));
      // The configuration is read with the tenant's credentials: once they were refused, reading it
      // would only ask again (a second refused login, which counts towards a lockout) and report
      // the same refusal as an unreadable configuration.
      const refused = checks.find(
        (c) =>
          c.status === 'failed' &&
          (c.code === 'REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED' || c.code === 'REHEARSE_PREFLIGHT_CREDENTIALS_MISSING'),
      );
      checks.push(
        refused
          ? skipped('configuration', 'the credentials failed, and the configuration is read with them')
          : await configurationCheck(tenant, client, configuration),
      );
    } finally {
      await client?.close();
    }
    return {
      tenant,
      checks: checks.map((c) => ({
        ...c,
        message: redactor.redactText(c.message),
        ...(c.status === 'failed' ? { hint: redactor.redactText(c.hint) } : {}),
      })),
    };
  };

  const configurationCheck = async (
    tenant: string,
    client: ReturnType<typeof preflightClient> | undefined,
    read: { body: unknown } | undefined,
  ): Promise<CheckOutcome> => {
    const expects = o.project.tenants.get(tenant)?.profile.expects;
    const source = `GET ${tenantPath}`;
    if (!expects || read || !client) return checkConfiguration({ tenant, expects, configuration: read?.body, source });
    // A multi-tenant target tells a tenant's configuration only to that tenant's credentials.
    if (!authOf(tenant))
      return skipped('configuration', 'the tenant has no auth: its configuration cannot be read as it');
    const result = await client.send({ method: 'GET', url: new URL(tenantPath, o.baseUrl).href, timeoutMs });
    if (!result.ok || result.response.status !== 200)
      return failed(
        'configuration',
        'REHEARSE_PREFLIGHT_CONFIGURATION_UNREADABLE',
        `${source} ${result.ok ? `answered ${result.response.status}` : `failed: ${result.error.message}`}`,
        'Point preflight.tenantPath at the target’s tenant configuration (JSON { features, settings }).',
      );
    return checkConfiguration({ tenant, expects, configuration: result.response.json, source });
  };

  try {
    const tenants = await Promise.all(o.tenants.map(one));
    return { ok: tenants.every((t) => t.checks.every((c) => c.status !== 'failed')), tenants };
  } finally {
    controller.abort();
  }
}

/**
 * The https origins whose certificates are read, and who depends on each: the target's base and
 * UI URLs, the virtual partners and `preflight.hosts` (every tenant), an absolute OAuth2 token
 * URL (its tenant).
 */
function certificateHosts(
  o: TenantPreflightOptions,
  authOf: (tenant: string) => AuthConfig | undefined,
): Map<string, 'all' | Set<string>> {
  const hosts = new Map<string, 'all' | Set<string>>();
  const add = (url: string | undefined, tenant?: string) => {
    if (!url || !/^https:\/\//i.test(url)) return;
    const origin = new URL(url).origin;
    const known = hosts.get(origin);
    if (tenant === undefined || known === 'all') hosts.set(origin, 'all');
    else hosts.set(origin, new Set([...(known ?? []), tenant]));
  };
  for (const url of [
    o.baseUrl,
    o.environment.uiUrl,
    o.environment.virtualUrl,
    ...(o.project.config.preflight?.hosts ?? []),
  ])
    add(url);
  for (const tenant of o.tenants) {
    const auth = authOf(tenant);
    if (auth?.type === 'oauth2') add(auth.tokenUrl, tenant);
  }
  return hosts;
}
