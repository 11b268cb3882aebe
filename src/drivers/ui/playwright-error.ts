import type { Locator } from '@playwright/test';

/** The first line of a Playwright error, without its API prefix (`locator.click: `). */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').replace(/^[\w.]+: /, '').trim();
}

/** Terminal colour codes Playwright may put in a call log. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * The last thing Playwright was waiting for when an action gave up, from the call log of its
 * error (`- element is not enabled`, `- waiting for element to be visible`): the reason a found
 * element could not be acted on.
 */
export function lastCallLogLine(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf('Call log:');
  if (at < 0) return undefined;
  const lines = message
    .slice(at + 'Call log:'.length)
    .split('\n')
    .map((line) => line.replace(ANSI_COLOUR, '').trim())
    .filter((line) => line.startsWith('- '))
    .map((line) => line.slice(2));
  return lines.filter((line) => !/^(retrying|waiting \d+ms)/.test(line)).at(-1);
}

/** How many elements a locator finds now (0 when the page cannot tell). */
export async function countNow(locator: Locator): Promise<number> {
  try {
    return await locator.count();
  } catch {
    return 0;
  }
}
