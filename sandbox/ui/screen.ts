import type { Db } from '../db/database.js';
import type { Defects } from '../domain/defects.js';
import type { TenantContext } from '../domain/tenant-context.js';
import { ApiError } from '../http/api-error.js';
import { readForm } from '../http/read-body.js';
import type { Reply, RequestContext, Router } from '../http/router.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { html } from './html.js';
import { page } from './layout.js';
import { findSession, sameToken, type Session } from './session.js';

export interface UiDeps {
  db: Db;
  jobs: JobQueue;
  defects: Defects;
}

/** What a screen handler gets: the signed-in session, the tenant's domain context and (for POST) the form. */
export interface ScreenContext {
  session: Session;
  tenant: TenantContext;
  http: RequestContext;
  /** The posted form (empty for GET). */
  form: URLSearchParams;
}

export type ScreenHandler = (ui: ScreenContext) => Reply | Promise<Reply>;

/** Registers a screen: signed-in only (else a redirect to /login), POSTs need the session's CSRF token. */
export type AddScreen = (method: 'GET' | 'POST', path: string, handler: ScreenHandler) => void;

/** A 303 to a page of the screens (the answer to every successful POST). */
export const seeOther = (location: string): Reply => ({ status: 303, redirect: location });

/** Where to go after signing in: a local path only. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/orders';
  return next;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible right now',
  413: 'Too large',
  422: 'Not accepted',
};

/** An error page inside the signed-in chrome. */
export function errorPage(session: Session, status: number, message: string): Reply {
  return page(session, {
    title: TITLES[status] ?? 'Something went wrong',
    status,
    body: html`<div class="alert" role="alert"><p>${message}</p></div>
      <p><a href="/orders">Back to orders</a></p>`,
  });
}

export function createScreenRegistrar(router: Router, deps: UiDeps): AddScreen {
  return (method, path, handler) => {
    router.add(method, path, async (http) => {
      const session = findSession(deps.db, http.req);
      if (!session) {
        if (method === 'GET')
          return seeOther(`/login?next=${encodeURIComponent(`${http.url.pathname}${http.url.search}`)}`);
        // Drain the body so the connection can be reused, then send them to sign in.
        await readForm(http.req).catch(() => undefined);
        return seeOther('/login');
      }
      let form = new URLSearchParams();
      try {
        if (method === 'POST') {
          form = await readForm(http.req);
          if (!sameToken(form.get('_csrf'), session.csrf))
            return errorPage(
              session,
              403,
              'The form was refused: its security token is missing or out of date. Go back, reload the page and try again.',
            );
        }
        return await handler({ session, tenant: { ...deps, tenantId: session.tenantId }, http, form });
      } catch (error) {
        if (error instanceof ApiError) return errorPage(session, error.status, error.message);
        throw error;
      }
    });
  };
}
