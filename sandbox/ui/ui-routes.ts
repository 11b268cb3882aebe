import type { Router } from '../http/router.js';
import { registerAuthScreens } from './auth-screens.js';
import { registerFulfilmentScreens } from './fulfilment-screens.js';
import { registerMrpScreens } from './mrp-screens.js';
import { registerOrderScreens } from './order-screens.js';
import { createScreenRegistrar, type UiDeps } from './screen.js';
import { APP_CSS } from './styles.js';

export type { UiDeps } from './screen.js';

/**
 * The sandbox's server-rendered screens: sign-in, sales orders (list, entry,
 * allocate / ship / cancel), shipments, invoices, the EDI message log and MRP.
 * Plain HTML forms (no script), a session cookie, a CSRF token on every POST.
 *
 * @example
 * registerUiRoutes(router, { db, jobs, defects });
 */
export function registerUiRoutes(router: Router, deps: UiDeps): void {
  router.add('GET', '/ui/app.css', () => ({
    text: APP_CSS,
    contentType: 'text/css; charset=utf-8',
    headers: { 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' },
  }));
  registerAuthScreens(router, deps);
  const screen = createScreenRegistrar(router, deps);
  registerOrderScreens(screen);
  registerFulfilmentScreens(screen);
  registerMrpScreens(screen);
}
