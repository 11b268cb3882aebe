// Runs on `npm ci` / `npm install` (prepare): builds dist/ (scripts/build.mjs) and makes sure a
// Chromium is available for the UI driver, so a fresh machine needs no hand step.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ['scripts/build.mjs']);

const { findBrowser } = await import('../dist/src/drivers/ui/find-browser.js');
const found = findBrowser();
if (found) {
  console.log(`rehearse: browser: ${found.executablePath ?? "Playwright's bundled Chromium"} (${found.source})`);
} else if (process.env.REHEARSE_SKIP_BROWSER_INSTALL) {
  console.log('rehearse: no browser found; REHEARSE_SKIP_BROWSER_INSTALL is set, not installing one.');
} else {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log("rehearse: no Chromium found; installing Debian's chromium (apt-get)…");
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      console.warn(
        'rehearse: could not install chromium; UI scenarios will not run. Set CHROMIUM_PATH to a Chromium binary.',
      );
    }
  } else {
    console.warn(
      'rehearse: no Chromium found. Install one (`npx playwright install chromium`, or `sudo apt-get install chromium`) or set CHROMIUM_PATH.',
    );
  }
}
