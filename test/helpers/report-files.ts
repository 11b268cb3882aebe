import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout under test: what `rehearse/playwright` resolves to in a fixture project. */
export const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Lets a fixture project's own `playwright.config.ts` import `rehearse/playwright` as a user's
 * project does: `node_modules/rehearse` links to this checkout.
 */
export function linkRehearse(projectDir: string): void {
  mkdirSync(join(projectDir, 'node_modules'), { recursive: true });
  const link = join(projectDir, 'node_modules', 'rehearse');
  if (!existsSync(link)) symlinkSync(CHECKOUT, link, 'dir');
}

/** Every file under `dir` (relative paths), not following `node_modules`. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (name === 'node_modules') continue;
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

export interface ReportedTest {
  title: string;
  /** The spec's tags, e.g. `@driver:ui`. */
  tags: string[];
  status: string;
  /** The last attempt's attachments: name and content type (a screenshot is `image/png`). */
  attachments: Array<{ name: string; contentType: string }>;
  message: string;
  /** The `rehearse-result.json` attachment, parsed. */
  result: {
    scenario: string;
    tenant: string;
    status: string;
    steps: Array<{ title: string; status: string }>;
    cleanup: Array<{ title: string; status: string }>;
  };
}

/** The tests of Playwright's JSON report, with their rehearse-result.json attachment. */
export function reportedTests(resultsJson: string): ReportedTest[] {
  const report = JSON.parse(readFileSync(resultsJson, 'utf8')) as { suites?: Suite[] };
  const out: ReportedTest[] = [];
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? []) {
        const last = test.results?.at(-1);
        const attachment = last?.attachments?.find((a) => a.name === 'rehearse-result.json');
        if (!last || !attachment?.body) continue;
        out.push({
          title: spec.title,
          tags: spec.tags ?? [],
          status: last.status,
          attachments: (last.attachments ?? []).map((a) => ({ name: a.name, contentType: a.contentType ?? '' })),
          message: [last.error?.message, ...(last.errors ?? []).map((e) => e.message)].filter(Boolean).join('\n'),
          result: JSON.parse(Buffer.from(attachment.body, 'base64').toString('utf8')) as ReportedTest['result'],
        });
      }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return out;
}

interface Suite {
  specs?: Array<{
    title: string;
    tags?: string[];
    tests?: Array<{
      results?: Array<{
        status: string;
        error?: { message?: string };
        errors?: Array<{ message?: string }>;
        attachments?: Array<{ name: string; contentType?: string; body?: string }>;
      }>;
    }>;
  }>;
  suites?: Suite[];
}
