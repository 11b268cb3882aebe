import type { PlaywrightTestConfig } from '@playwright/test';
import { findBrowser } from '../drivers/ui/find-browser.js';

/**
 * Playwright's `use` options for the browser of ui tests: the Chromium `findBrowser` picks
 * (Playwright's own when installed, else `CHROMIUM_PATH`, else the system's, with the flags a
 * system Chromium needs on CI: `--no-sandbox --disable-gpu`), headless unless config
 * `ui.headless: false`. Playwright's own `trace`, `screenshot` and `video` are off by default:
 * in a ui test they would record cookies and typed passwords where nothing redacts them;
 * Rehearse records them itself (config `ui.trace`, `ui.screenshot`) and redacts the trace before
 * attaching it. A `use` given to `defineRehearseConfig` still wins (an api test's Playwright
 * trace holds only its redacted steps).
 * When no browser is found the launch options are left to Playwright, whose error says how to
 * install one (`npx playwright install chromium`).
 */
export function browserUse(headless: boolean, env: NodeJS.ProcessEnv = process.env): PlaywrightTestConfig['use'] {
  const found = findBrowser(env);
  return {
    browserName: 'chromium',
    headless,
    ...(found?.executablePath ? { launchOptions: { executablePath: found.executablePath, args: found.args } } : {}),
    trace: 'off',
    screenshot: 'off',
    video: 'off',
  };
}
