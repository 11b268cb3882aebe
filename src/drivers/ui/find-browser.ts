import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Flags a system Chromium needs on locked-down CI machines (no sandbox as root, no background network). */
export const SYSTEM_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserChoice {
  /** undefined = Playwright's own bundled browser. */
  executablePath: string | undefined;
  source: 'playwright' | 'CHROMIUM_PATH' | 'system';
  args: string[];
}

/**
 * Finds a Chromium: Playwright's own when installed, else `CHROMIUM_PATH`,
 * else `/usr/bin/chromium`. Returns undefined when there is none.
 *
 * @example
 * const browser = findBrowser();
 * if (browser) await chromium.launch({ executablePath: browser.executablePath, args: browser.args });
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): BrowserChoice | undefined {
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) return { executablePath: undefined, source: 'playwright', args: [] };
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv))
    return { executablePath: fromEnv, source: 'CHROMIUM_PATH', args: SYSTEM_CHROMIUM_ARGS };
  if (existsSync('/usr/bin/chromium'))
    return { executablePath: '/usr/bin/chromium', source: 'system', args: SYSTEM_CHROMIUM_ARGS };
  return undefined;
}
