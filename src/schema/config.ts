import { Type, type Static } from '../core/typebox.js';
import { AuthConfig } from './auth.js';
import { LIMITS } from '../core/limits.js';
import { ActionName, Duration, FollowRedirects, Name, NamedRecord } from './common.js';
import { CookieMode, DefaultHeaders } from './session.js';
import { DriverName } from './scenario.js';
import { PreflightConfig } from './preflight.js';

const UrlOrEnv = Type.String({
  pattern: '^(https?://\\S+|env:[A-Za-z_][A-Za-z0-9_]*)$',
  description: 'a URL or env:NAME',
  examples: ['https://staging.example.com', 'env:STAGING_BASE_URL'],
});

const SecretRef = Type.String({
  pattern: '^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$',
  description: 'a secret reference: env:NAME or file:path',
  examples: ['env:STAGING_UI_PASSWORD'],
});

/** A tenant's sign-in for the screens (ui driver): secret references, never literals. */
export const TenantUiCredentials = Type.Object(
  { username: SecretRef, password: SecretRef },
  {
    additionalProperties: false,
    description:
      "the tenant's UI sign-in for the ui driver's login action (config ui.login): { username: env:X, password: env:Y }; the embedded sandbox supplies its own",
  },
);

/** Playwright's trace modes (`use.trace`), recorded and redacted by Rehearse. */
export const UiTraceMode = Type.Union(
  [
    Type.Literal('on-first-retry'),
    Type.Literal('on'),
    Type.Literal('off'),
    Type.Literal('retain-on-failure'),
    Type.Literal('on-all-retries'),
  ],
  { description: 'when a ui test records a Playwright trace (default on-first-retry)' },
);

/** The ui driver's settings (`ui:` in rehearse.config.yaml). */
export const UiConfig = Type.Object(
  {
    login: Type.Optional(
      Type.String({
        ...ActionName,
        description:
          'the action that signs a tenant in through the screens (its ui: implementation, params tenantId, username, password); run once per tenant per worker, its storage state reused',
        examples: ['session.login'],
      }),
    ),
    loginUrl: Type.Optional(
      Type.String({
        pattern: '^/',
        description:
          "the sign-in screen's path: a page that lands there after a step has lost its session, which is renewed once and the step retried (default: the login action's first goto, else /login)",
        examples: ['/login'],
      }),
    ),
    trace: Type.Optional(UiTraceMode),
    screenshot: Type.Optional(
      Type.Union([Type.Literal('only-on-failure'), Type.Literal('on'), Type.Literal('off')], {
        description: 'when a ui test attaches a screenshot of its page at the end (default only-on-failure)',
      }),
    ),
    headless: Type.Optional(Type.Boolean({ description: 'run the browser without a window (default true)' })),
  },
  { additionalProperties: false, description: 'the ui driver: login action, session renewal, traces, screenshots' },
);
export type UiConfig = Static<typeof UiConfig>;

export const EnvironmentSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    embedded: Type.Optional(
      Type.Literal('sandbox', { description: 'start the embedded sandbox for this environment' }),
    ),
    baseUrl: Type.Optional(UrlOrEnv),
    uiUrl: Type.Optional(UrlOrEnv),
    virtualServices: Type.Optional(UrlOrEnv),
    allowedHosts: Type.Array(Type.String({ description: 'host, host:port or *.domain' }), { minItems: 1 }),
    production: Type.Optional(
      Type.Boolean({ description: 'refuse non-GET requests unless the scenario is tagged prod-safe' }),
    ),
    health: Type.Optional(Type.String({ description: 'preflight health path, default /health' })),
    version: Type.Optional(Type.String({ description: 'deployment metadata path, default /version' })),
    heartbeat: Type.Optional(
      Type.Object(
        {
          path: Type.Optional(Type.String({ description: 'where the beat is read, default the health path' })),
          field: Type.String({
            minLength: 1,
            description: 'path of the last beat in the JSON answer (ISO 8601 or epoch ms), e.g. jobs.heartbeatAt',
          }),
          maxAge: Duration,
        },
        {
          additionalProperties: false,
          description:
            "the preflight proves the target's background worker alive: its last beat no older than maxAge (exit 3 otherwise)",
        },
      ),
    ),
    expose: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), {
        description: 'environment variables readable as env.NAME in expressions',
      }),
    ),
    headers: Type.Optional(DefaultHeaders),
    cookies: Type.Optional(CookieMode),
    tenants: Type.Optional(
      NamedRecord(
        Name,
        Type.Object(
          {
            auth: Type.Optional(AuthConfig),
            tenantId: Type.Optional(Type.String()),
            ui: Type.Optional(TenantUiCredentials),
          },
          { additionalProperties: false },
        ),
        { description: 'per-tenant overrides for this environment, by tenant profile name' },
      ),
    ),
  },
  { additionalProperties: false, description: 'an environment' },
);
export type EnvironmentConfig = Static<typeof EnvironmentSchema>;

/** `rehearse.config.yaml` at the project root. */
export const ConfigSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    defaultEnvironment: Type.Optional(Name),
    defaultDrivers: Type.Optional(
      Type.Array(DriverName, {
        minItems: 1,
        uniqueItems: true,
        description:
          'the drivers `rehearse run`, `rehearse list` and `npx playwright test` select when --driver is not given, e.g. [api] for a fast post-deploy gate (a nightly run adds --driver api,ui); default: every driver a scenario declares',
      }),
    ),
    environments: NamedRecord(Name, EnvironmentSchema, { description: 'environments by name' }),
    timeouts: Type.Optional(
      Type.Object(
        {
          scenario: Type.Optional(Duration),
          step: Type.Optional(Duration),
          connect: Type.Optional(Duration),
          headers: Type.Optional(Duration),
          body: Type.Optional(Duration),
          /** Budget of a scenario's cleanup steps on top of its timeout (default 30s). */
          cleanup: Type.Optional(Duration),
        },
        { additionalProperties: false },
      ),
    ),
    retries: Type.Optional(
      Type.Object(
        {
          scenario: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.retries })),
          network: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: LIMITS.retries,
              description: 'retries of idempotent requests on network errors',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    redact: Type.Optional(
      Type.Object(
        { fields: Type.Optional(Type.Array(Type.String())), headers: Type.Optional(Type.Array(Type.String())) },
        { additionalProperties: false },
      ),
    ),
    secretDirs: Type.Optional(
      Type.Array(Type.String({ minLength: 1, description: 'an absolute path, or a path relative to the project' }), {
        description:
          'directories outside the project that file: secret references may read, e.g. [/run/secrets]; by default a file: reference must stay inside the project',
      }),
    ),
    workers: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.workers, description: 'Playwright workers' })),
    outputDir: Type.Optional(Type.String()),
    failOnStatusCode: Type.Optional(
      Type.Boolean({
        description:
          'a request answered with a status of 400 or more fails its step unless the step expects a status (default true)',
      }),
    ),
    failOnGraphqlErrors: Type.Optional(
      Type.Boolean({
        description:
          'a graphql step whose answer has errors[], or an object whose __typename ends in Error, fails unless the step reads it in expect or save (default true)',
      }),
    ),
    followRedirects: Type.Optional(FollowRedirects),
    cookies: Type.Optional(CookieMode),
    ui: Type.Optional(UiConfig),
    strictCleanup: Type.Optional(
      Type.Boolean({ description: 'a failed cleanup step fails the scenario (default false: a warning)' }),
    ),
    preflight: Type.Optional(PreflightConfig),
  },
  { additionalProperties: false, description: 'Rehearse project configuration' },
);
export type RehearseConfig = Static<typeof ConfigSchema>;
