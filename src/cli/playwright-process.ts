import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PlaywrightRun {
  configFile: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Path of Playwright Test's CLI from the copy Rehearse depends on (one instance for runner and tests). */
export function playwrightCli(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@playwright/test/package.json');
  return join(dirname(packageJson), 'cli.js');
}

/**
 * Runs `playwright test` as a child process and resolves its exit code.
 * SIGINT/SIGTERM sent to the CLI are forwarded so Playwright can stop its
 * workers gracefully (fixture teardown, where cleanup runs).
 */
export function runPlaywright(run: PlaywrightRun): Promise<{ code: number; interrupted: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [playwrightCli(), 'test', '--config', run.configFile, ...run.args], {
      cwd: run.cwd,
      env: run.env,
      stdio: 'inherit',
    });
    let interrupted = false;
    const forward = (signal: NodeJS.Signals) => {
      interrupted = true;
      if (child.exitCode === null) child.kill(signal);
    };
    const onInt = () => forward('SIGINT');
    const onTerm = () => forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve({ code: code ?? (signal ? 130 : 1), interrupted });
    });
  });
}
