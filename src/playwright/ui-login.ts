import type { Browser, BrowserContext, Page } from '@playwright/test';
import { RehearseError } from '../core/errors.js';
import { resolveSecretRef } from '../core/secret-ref.js';
import { createUiDriver } from '../drivers/ui/index.js';
import { DIRECT_HOST } from '../engine/context.js';
import { firstProblem } from '../engine/first-problem.js';
import { Scope } from '../engine/scope.js';
import { runSteps } from '../engine/step-runner.js';
import { bindParameters, defineParameters, withActionSession } from '../engine/steps/do-step.js';
import { stopPlaywrightTracing } from './untraced-context.js';
import { UI_LOGIN_PARAMS } from '../loader/check-ui-login.js';
import type { Project } from '../loader/project.js';
import { implementationOf } from '../schema/action-implementation.js';
import { createEngineContext } from './engine-factory.js';
import type { RunOptions } from './run-options.js';
import { createTenantClient } from './tenant-client.js';
import { CookieJars } from '../drivers/api/index.js';

/** What a browser context needs to start signed in (Playwright's `storageState`): cookies and local storage. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** A tenant's sign-in as the ui tests of one worker share it. */
export interface UiSignIn {
  state: StorageState;
  /** The values that must never reach an output: the password, every cookie and stored value. */
  secrets: string[];
}

/**
 * Where a sign-in runs: the page of the ui test that needs the tenant's session first. Its
 * context keeps the session it signs in to, as a hand-written Playwright test that signs in on
 * its own page would (no second browser context for the login).
 */
export interface SignInPage {
  context: BrowserContext;
  page: Page;
}

/**
 * The signed-in sessions of one Playwright worker, by tenant: the config's `ui.login` action
 * runs once per tenant per worker (on first use), and its storage state is kept in memory only
 * — never written to a file, a report or test-results — for every ui test of that tenant.
 */
export interface UiSessions {
  /** Whether the config names a login action (else ui tests start signed out). */
  readonly enabled: boolean;
  /** The tenant's session this worker has made (or is making); undefined before its first sign-in. */
  current(tenant: string): Promise<UiSignIn | undefined> | undefined;
  /**
   * The tenant's session, signing in on first use — on `on`'s page when given (that context then
   * holds the session), else in a browser context of its own; undefined when the config names
   * no login action. A session made before is returned as it is.
   */
  signIn(tenant: string, on?: SignInPage): Promise<UiSignIn | undefined>;
  /**
   * Signs the tenant in again (its session expired at the target) unless another test of this
   * worker already did since `stale` was handed out; returns the fresh session.
   */
  renew(tenant: string, stale: UiSignIn | undefined): Promise<UiSignIn | undefined>;
  /** How many times this worker has run the login action, per tenant. */
  readonly logins: ReadonlyMap<string, number>;
  /**
   * The tenant's UI sign-in values that must never reach an output (its password), resolved
   * without signing in: registered with a test's redactor before the login types them.
   */
  credentialSecrets(tenant: string): string[];
}

export interface UiSessionsOptions {
  browser: Browser;
  project: Project;
  options: RunOptions;
  /** Where relative `goto` paths resolve: the environment's `uiUrl`, else its base URL. */
  uiBaseUrl: string;
  /** Default time of one ui operation, ms. */
  timeoutMs: number;
}

/**
 * The sessions of a worker (see `UiSessions`). The login action's `ui:` implementation runs on
 * the page of the first ui test of the tenant (`SignInPage`; that test's trace and evidence show
 * it, redacted), or — for a renewal — in a browser context of its own (not traced, not
 * recorded), as the tenant, with the tenant's UI
 * credentials — the environment's `tenants.<name>.ui` secret references, or the embedded
 * sandbox's provisioned clerk — passed as `tenantId`, `username` and `password`
 * to the parameters the action declares. Its `http` steps send without the tenant's API
 * credentials, and the cookies they receive for the UI's origin join the browser's (an "API
 * login", as Playwright's authentication guide describes it).
 *
 * Errors (thrown from `signIn`/`renew`, so the ui test fails with them):
 * `REHEARSE_UI_CREDENTIALS_MISSING` (no sign-in for the tenant in this environment),
 * `REHEARSE_UI_LOGIN_FAILED` (a step of the login did not pass; the message names it, never
 * the credentials), `REHEARSE_SECRET_MISSING` (a reference that does not resolve).
 */
export function createUiSessions(o: UiSessionsOptions): UiSessions {
  const sessions = new Map<string, Promise<UiSignIn | undefined>>();
  const logins = new Map<string, number>();
  const run = (tenant: string, on?: SignInPage) => {
    logins.set(tenant, (logins.get(tenant) ?? 0) + 1);
    const made = signInOnce(tenant, o, on);
    // A failed sign-in is not kept: the next test of the tenant tries again (and says why).
    made.catch(() => sessions.delete(tenant));
    sessions.set(tenant, made);
    return made;
  };
  return {
    logins,
    enabled: Boolean(o.options.ui?.login),
    current: (tenant) => sessions.get(tenant),
    credentialSecrets: (tenant) => {
      const refs = o.options.tenantUi?.[tenant];
      if (!o.options.ui?.login || !refs) return [];
      try {
        return [resolveSecretRef(refs.password, secretSourceOf(o.project))];
      } catch {
        return []; // signIn says what is missing
      }
    },
    signIn: (tenant, on) => {
      if (!o.options.ui?.login) return Promise.resolve(undefined);
      return sessions.get(tenant) ?? run(tenant, on);
    },
    renew: async (tenant, stale) => {
      if (!o.options.ui?.login) return undefined;
      const current = sessions.get(tenant);
      if (current && (await current.catch(() => undefined)) !== stale) return current;
      return run(tenant);
    },
  };
}

async function signInOnce(tenant: string, o: UiSessionsOptions, on?: SignInPage): Promise<UiSignIn> {
  const { project, options } = o;
  const actionName = options.ui!.login!;
  const entry = project.actions.get(actionName);
  const implementation = entry && implementationOf(entry.action, 'ui');
  if (!entry || !implementation)
    throw new RehearseError(
      'REHEARSE_UI_LOGIN_FAILED',
      `Failed to sign tenant "${tenant}" in: the login action "${actionName}" has no "ui:" implementation.`,
      { hint: 'Name an action with a ui: implementation in ui.login of rehearse.config.yaml.' },
    );
  const refs = options.tenantUi?.[tenant];
  if (!refs)
    throw new RehearseError(
      'REHEARSE_UI_CREDENTIALS_MISSING',
      `Failed to sign tenant "${tenant}" in to the screens: environment "${options.environment}" gives no UI sign-in for it.`,
      {
        hint: `Add environments.${options.environment}.tenants.${tenant}.ui: { username: env:NAME, password: env:NAME } to rehearse.config.yaml.`,
      },
    );
  const secretSource = secretSourceOf(project);
  const username = resolveSecretRef(refs.username, secretSource);
  const password = resolveSecretRef(refs.password, secretSource);
  const profile = project.tenants.get(tenant)!.profile;
  const tenantId = options.tenantIds[tenant] ?? profile.tenantId ?? profile.name;

  const handle = await createEngineContext({
    project,
    options,
    entry: { scenario: { name: `ui login (${actionName})`, steps: [] } as never, file: '', tenant, driver: 'ui' },
  });
  const redactor = handle.engine.redactor;
  redactor.addSecret(password);
  const jars = new CookieJars();
  const client = createTenantClient({
    project,
    options,
    tenant,
    redactor,
    traceId: handle.engine.run.traceId,
    prodSafe: false,
    engine: () => handle.engine,
    jars,
  });
  const own = on ? undefined : await o.browser.newContext({ baseURL: o.uiBaseUrl });
  if (own) await stopPlaywrightTracing(own);
  const context = on?.context ?? own!;
  try {
    const page = on?.page ?? (await context.newPage());
    const ui = createUiDriver({
      page,
      baseUrl: o.uiBaseUrl,
      projectRoot: project.root,
      redactor,
      timeoutMs: o.timeoutMs,
      allowedHosts: o.options.allowedHosts,
    });
    const ctx = withActionSession(entry, {
      engine: { ...handle.engine, ui, host: DIRECT_HOST, transport: client.client.scoped({ noAuth: true }) },
      scope: new Scope(),
      file: entry.origin.file,
      depth: 1,
    });
    const params = entry.action.params ?? {};
    const given = { tenantId, username, password };
    const args = Object.fromEntries(
      UI_LOGIN_PARAMS.filter((name) => Object.hasOwn(params, name)).map((name) => [name, given[name]]),
    );
    defineParameters(ctx, params, bindParameters(params, args, `action "${actionName}"`));
    const results = await runSteps(implementation.steps, ctx);
    const problem = firstProblem(results);
    if (problem)
      throw new RehearseError(
        'REHEARSE_UI_LOGIN_FAILED',
        redactor.redactText(
          `Failed to sign tenant "${tenant}" in with action "${actionName}": ${problem.title}: ${problem.message}`,
        ),
        {
          hint: `Check the tenant's UI sign-in (environments.${options.environment}.tenants.${tenant}.ui) and the steps of action "${actionName}" (${entry.origin.file}:${entry.origin.line}).`,
        },
      );
    await context.addCookies(cookiesFromJar(client.jars, o.uiBaseUrl));
    const state = await context.storageState();
    return { state, secrets: [password, ...storedValues(state)] };
  } finally {
    await own?.close().catch(() => undefined);
    await client.client.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
  }
}

/** Every cookie and stored value of a storage state: values that must never reach an output. */
export function storedValues(state: StorageState): string[] {
  return [
    ...state.cookies.map((c) => c.value),
    ...state.origins.flatMap((origin) => origin.localStorage.map((item) => item.value)),
  ].filter((value) => value.length > 0);
}

function secretSourceOf(project: Project) {
  return { baseDir: project.root, ...(project.config.secretDirs ? { secretDirs: project.config.secretDirs } : {}) };
}

/** The cookies the login's requests received for the UI's origin, as the browser takes them. */
function cookiesFromJar(jars: CookieJars, uiBaseUrl: string): Array<{ name: string; value: string; url: string }> {
  const origin = new URL(uiBaseUrl).origin;
  const header = jars.jar().header(new URL(`${origin}/`)) ?? '';
  return header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => ({ name: part.slice(0, part.indexOf('=')), value: part.slice(part.indexOf('=') + 1), url: origin }));
}
