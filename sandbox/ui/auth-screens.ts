import type { IncomingMessage } from 'node:http';
import { verifyUser } from '../auth/credentials.js';
import { readForm } from '../http/read-body.js';
import type { Reply, Router } from '../http/router.js';
import { html } from './html.js';
import { barePage } from './layout.js';
import { safeNext, seeOther, type UiDeps } from './screen.js';
import {
  cookie,
  createSession,
  destroySession,
  findSession,
  LOGIN_COOKIE,
  newLoginToken,
  readCookies,
  sameToken,
  SESSION_COOKIE,
  SESSION_TTL_MS,
} from './session.js';

interface LoginForm {
  tenant: string;
  username: string;
  next: string;
  error?: string;
  notice?: string;
}

function loginPage(req: IncomingMessage, form: LoginForm, status = 200): Reply {
  // Double-submit token: the login form has no session whose token it could carry.
  const existing = readCookies(req).get(LOGIN_COOKIE);
  const token = existing && /^[\w-]{43}$/.test(existing) ? existing : newLoginToken();
  const body = html`${form.error ? html`<div class="alert" role="alert" id="login-error"><p>${form.error}</p></div>` : ''}
    ${form.notice ? html`<div class="notice" role="status">${form.notice}</div>` : ''}
    <form method="post" action="/login" novalidate>
      <input type="hidden" name="_csrf" value="${token}" />
      <input type="hidden" name="next" value="${form.next}" />
      <div class="field">
        <label for="tenant">Tenant</label>
        <input
          id="tenant"
          name="tenant"
          value="${form.tenant}"
          autocomplete="organization"
          required
          autocapitalize="none"
          spellcheck="false"
          ${form.error ? html` aria-describedby="login-error"` : ''}
        />
      </div>
      <div class="field">
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          value="${form.username}"
          autocomplete="username"
          required
          autocapitalize="none"
          spellcheck="false"
        />
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </div>
      <button type="submit">Sign in</button>
    </form>`;
  return barePage('Sign in', body, status, { 'set-cookie': cookie(LOGIN_COOKIE, token, 3600) });
}

/** `GET /login`, `POST /login`, `POST /logout` and `/` (to the orders or the login). */
export function registerAuthScreens(router: Router, { db }: UiDeps): void {
  router.add('GET', '/', (ctx) => seeOther(findSession(db, ctx.req) ? '/orders' : '/login'));

  router.add('GET', '/login', (ctx) => {
    if (findSession(db, ctx.req)) return seeOther(safeNext(ctx.query.get('next')));
    const signedOut = ctx.query.get('signed-out') === '1';
    return loginPage(ctx.req, {
      tenant: ctx.query.get('tenant') ?? '',
      username: '',
      next: safeNext(ctx.query.get('next')),
      notice: signedOut ? 'You are signed out.' : undefined,
    });
  });

  router.add('POST', '/login', async (ctx) => {
    const form = await readForm(ctx.req);
    const tenant = (form.get('tenant') ?? '').trim();
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    const next = safeNext(form.get('next'));
    if (!sameToken(form.get('_csrf'), readCookies(ctx.req).get(LOGIN_COOKIE)))
      return loginPage(
        ctx.req,
        { tenant, username, next, error: 'The sign-in form had expired. Please sign in again.' },
        403,
      );
    const user = tenant && username && password ? verifyUser(db, tenant, username, password) : undefined;
    if (!user)
      return loginPage(
        ctx.req,
        { tenant, username, next, error: 'Sign-in failed: the tenant, username or password is not right.' },
        401,
      );
    destroySession(db, ctx.req);
    const session = createSession(db, { credentialId: user.id, tenantId: user.tenant_id, username: user.name });
    return {
      status: 303,
      redirect: next,
      headers: {
        'set-cookie': [cookie(SESSION_COOKIE, session.id, SESSION_TTL_MS / 1000), cookie(LOGIN_COOKIE, '', 0)],
        'cache-control': 'no-store',
      },
    };
  });

  router.add('POST', '/logout', async (ctx) => {
    const form = await readForm(ctx.req);
    const session = findSession(db, ctx.req);
    if (!session) return seeOther('/login');
    if (!sameToken(form.get('_csrf'), session.csrf))
      return barePage(
        'Not allowed',
        html`<div class="alert" role="alert">
            <p>The form was refused: its security token is missing or out of date.</p>
          </div>
          <p><a href="/orders">Back to orders</a></p>`,
        403,
      );
    destroySession(db, ctx.req);
    return {
      status: 303,
      redirect: '/login?signed-out=1',
      headers: { 'set-cookie': cookie(SESSION_COOKIE, '', 0) },
    };
  });
}
