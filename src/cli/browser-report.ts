import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findBrowser, type BrowserChoice } from '../drivers/ui/find-browser.js';

/** What `rehearse doctor` found about the browser UI runs would launch. */
export interface BrowserReport {
  found: boolean;
  /** Which rule of `findBrowser` chose it: Playwright's own, `CHROMIUM_PATH`, or the system Chromium. */
  source?: BrowserChoice['source'];
  /** The executable (for Playwright's own: where Playwright keeps it). */
  path?: string;
  /** The first line `<path> --version` printed, e.g. `Chromium 131.0.6778.85`; absent when it printed nothing. */
  version?: string;
  /** Why the version could not be read (it does not start, it timed out). */
  versionProblem?: string;
  /** Things the user set that were not used, e.g. a `CHROMIUM_PATH` that names no file. */
  notes: string[];
}

/** How long `--version` may take; a browser that hangs on it would hang every UI run too. */
const VERSION_TIMEOUT_MS = 15_000;

/**
 * Finds the browser a UI run would use (`findBrowser`: Playwright's own, else `CHROMIUM_PATH`,
 * else the system Chromium) and asks it for its version (`--version`, bounded by 15 s).
 * Never throws: what it could not find or read is in the report.
 *
 * @example
 * const browser = await describeBrowser(process.env);
 * if (!browser.found) console.error('no Chromium');
 */
export async function describeBrowser(env: NodeJS.ProcessEnv): Promise<BrowserReport> {
  const notes: string[] = [];
  const fromEnv = env.CHROMIUM_PATH;
  const choice = findBrowser(env);
  if (fromEnv && !existsSync(fromEnv))
    notes.push(
      `CHROMIUM_PATH is set to ${fromEnv}, which does not exist${choice ? `; using the ${describeSource(choice.source)} instead` : ''}.`,
    );
  else if (fromEnv && choice?.source === 'playwright')
    notes.push(`CHROMIUM_PATH (${fromEnv}) is not used: Playwright's own Chromium comes first.`);
  if (!choice) return { found: false, notes };
  const path = choice.executablePath ?? bundledPath();
  const report: BrowserReport = { found: true, source: choice.source, notes, ...(path ? { path } : {}) };
  if (!path) return report;
  const version = await readVersion(path);
  if ('version' in version) {
    if (version.version) report.version = version.version;
  } else report.versionProblem = version.problem;
  return report;
}

/** The words for a browser source in the doctor's lines. */
export function describeSource(source: BrowserChoice['source']): string {
  return source === 'playwright'
    ? "Playwright's own Chromium"
    : source === 'system'
      ? 'system Chromium'
      : 'CHROMIUM_PATH';
}

function bundledPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

function readVersion(path: string): Promise<{ version: string | undefined } | { problem: string }> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: VERSION_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout) => {
      const line = stdout
        .split('\n')
        .map((l) => l.trim())
        .find(Boolean);
      if (error && !line) {
        const why = error.killed
          ? `it did not answer within ${VERSION_TIMEOUT_MS / 1000} s`
          : error.message.split('\n')[0];
        resolve({ problem: `${path} --version failed: ${why}` });
        return;
      }
      resolve({ version: line });
    });
  });
}
