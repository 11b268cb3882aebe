import type { FullConfig, Reporter, Suite, TestCase } from '@playwright/test/reporter';

/**
 * A Playwright reporter `rehearse run` always adds: it says how many tests the run holds, in
 * Playwright's own count (`onBegin`'s suite, after `--grep`, `--shard`, `--repeat-each` and the
 * tenants' setup and teardown projects), so the number on the console is what runs — the CLI
 * cannot know it before Playwright has loaded the tests. One line on stderr; it claims no stdio,
 * so Playwright's own progress reporter still shows when only file reporters are named.
 *
 * @example `Running 4 test(s) in shard 1/2: 2 scenario test(s), 2 of a tenant's setup or teardown.`
 */
export default class RunStartReporter implements Reporter {
  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    try {
      process.stderr.write(`${runStartLine(suite.allTests(), config.shard)}\n`);
    } catch {
      // A console that cannot be written to costs this line only, never the run.
    }
  }
}

/** The line `onBegin` prints: the tests, the shard, and how many are a tenant's setup or teardown. */
export function runStartLine(tests: readonly TestCase[], shard: FullConfig['shard']): string {
  const phased = tests.filter((t) => t.tags.some((tag) => /^@phase:(setup|teardown)$/.test(tag))).length;
  const where = shard ? ` in shard ${shard.current}/${shard.total}` : '';
  const parts = phased ? `: ${tests.length - phased} scenario test(s), ${phased} of a tenant's setup or teardown` : '';
  return `Running ${tests.length} test(s)${where}${parts}.`;
}
