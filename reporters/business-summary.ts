// The business summary reporter: a Playwright reporter that writes what a run came to in business
// terms — a workflows × tenants matrix, latency per action against each tenant's SLOs, faults
// injected per partner, deployment metadata, and what changed since the previous run — as
// summary.json (schemas/business-summary.schema.json), summary.md and summary.html, and appends the
// Markdown to $GITHUB_STEP_SUMMARY when that is set. Copy it and change what you like (import
// from 'rehearse/report' instead of '../src/report/index.js'): it only reads what every Rehearse
// test reports (its annotations and its `rehearse-result.json`).
import { appendFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import {
  NO_GATES,
  readBusinessSummary,
  renderSummaryHtml,
  SUMMARY_FILES,
  scenarioResultOf,
  renderSummaryMarkdown,
  shownTargetUrl,
  summarizeRun,
  testCopies,
  type BusinessSummary,
  type QualityGateFlags,
  type RegressionThreshold,
  type RunTest,
  type TenantSlos,
} from '../src/report/index.js';

/** Files the reporter writes in its `outputDir` (shared with `rehearse drill`, which merges its figures in). */
export { SUMMARY_FILES };

export interface BusinessSummaryOptions {
  /** Folder of summary.json, summary.md and summary.html (absolute, or relative to the working directory). */
  outputDir: string;
  /** The previous run's summary.json to compare with; default: the summary.json already in `outputDir`. */
  previous?: string;
  /** When a p95 counts as a latency regression (default 20 % and 50 ms). */
  threshold?: RegressionThreshold;
  /** The quality gates the verdict is judged with (`rehearse run --fail-on-slo`, `--fail-on-flaky`); default none. */
  gates?: QualityGateFlags;
  /** A merge of shards (`rehearse report merge`): how many the run was split into and which are missing. */
  shards?: { total: number; missing: number[] };
}

export default class BusinessSummaryReporter implements Reporter {
  private config: FullConfig | undefined;
  private suite: Suite | undefined;
  private readonly attempts = new Map<string, RunTest['attempts']>();
  /** The last summary.json in outputDir is this run's own (a merge written again): it is not replaced. */
  private sameRun = false;

  constructor(private readonly options: BusinessSummaryOptions) {}

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    try {
      const list = this.attempts.get(test.id) ?? [];
      const scenario = scenarioResultOf(result.attachments);
      list.push({ status: result.status, durationMs: result.duration, ...(scenario ? { result: scenario } : {}) });
      this.attempts.set(test.id, list);
    } catch (error) {
      warn(`could not read "${test.title}": ${String(error)}`);
    }
  }

  onEnd(result: FullResult): void {
    try {
      const summary = this.summary(result);
      const dir = this.options.outputDir;
      mkdirSync(dir, { recursive: true });
      const json = join(dir, SUMMARY_FILES.json);
      // The last summary becomes the previous one: a scheduled run compares with the run before it.
      // The same run written again (a merge redone) keeps the previous one it had.
      if (existsSync(json) && !this.sameRun) renameSync(json, join(dir, 'previous-summary.json'));
      writeFileSync(json, `${JSON.stringify(summary, null, 2)}\n`);
      const markdown = renderSummaryMarkdown(summary);
      writeFileSync(join(dir, SUMMARY_FILES.markdown), markdown);
      writeFileSync(join(dir, SUMMARY_FILES.html), renderSummaryHtml(summary));
      const step = process.env.GITHUB_STEP_SUMMARY;
      if (step) appendToStepSummary(step, markdown);
    } catch (error) {
      // A reporter that throws must not break the run or the other reporters.
      warn(`could not write the business summary: ${String(error)}`);
    }
  }

  private summary(result: FullResult): BusinessSummary {
    const metadata = (this.config?.metadata ?? {}) as Record<string, unknown>;
    const tests: RunTest[] = [];
    // A merge of shards holds a tenant's setup and teardown once per shard that ran it: each counts
    // once, as its worst copy (the JUnit and run-summary reporters count them the same way).
    const lastAttempt = (test: TestCase) => this.attempts.get(test.id)?.at(-1);
    for (const { test } of testCopies(this.suite?.allTests() ?? [], lastAttempt)) {
      const attempts = this.attempts.get(test.id);
      if (!attempts) continue; // not run here (another shard's test, or the run was cut short before it)
      const scenario = attempts.find((a) => a.result)?.result;
      tests.push({
        scenario: scenario?.scenario ?? test.parent.title,
        title: test.title,
        workflow: annotation(test, 'workflow') ?? scenario?.workflow ?? 'other',
        tenant: annotation(test, 'tenant') ?? scenario?.tenant ?? test.parent.project()?.name ?? '',
        driver: annotation(test, 'driver') ?? scenario?.driver ?? 'api',
        outcome: test.outcome(),
        attempts,
      });
    }
    const runId = text(metadata.runId) ?? `playwright-${result.startTime.toISOString()}`;
    const previous = this.previous(runId);
    // Masked at the source since 2026-12-05; a blob of an older run may still carry a password.
    const given = text(metadata.baseUrl);
    const targetUrl = given === undefined ? undefined : shownTargetUrl(given);
    const shards = this.options.shards;
    return summarizeRun({
      run: {
        id: runId,
        environment: text(metadata.environment) ?? 'unknown',
        ...(targetUrl ? { targetUrl } : {}),
        seed: text(metadata.seed) ?? '',
        startedAt: result.startTime.toISOString(),
        durationMs: Math.round(result.duration),
        status: result.status,
        ...(shards ? { shards: shards.total } : {}),
        ...(shards?.missing.length ? { missingShards: shards.missing } : {}),
      },
      deployment: isRecord(metadata.deployment) ? metadata.deployment : {},
      tests,
      slos: isRecord(metadata.slos) ? (metadata.slos as TenantSlos) : {},
      ...(previous.summary ? { previous: previous.summary } : {}),
      ...(previous.skipped ? { comparisonSkipped: previous.skipped } : {}),
      ...(this.options.threshold ? { threshold: this.options.threshold } : {}),
      gates: this.options.gates ?? NO_GATES,
    });
  }

  /**
   * The summary to compare with: the option's file, else the one the last run left in outputDir
   * (when that is this same run's, the previous-summary.json it replaced). A file that is not a
   * summary is said on stderr and in the summary's `comparisonSkipped`.
   */
  private previous(runId: string): { summary?: BusinessSummary; skipped?: string } {
    const dir = this.options.outputDir;
    let file = this.options.previous ?? join(dir, SUMMARY_FILES.json);
    if (!existsSync(file)) return {};
    let reading = readBusinessSummary(file);
    if (!this.options.previous && reading.ok && reading.summary.run.id === runId) {
      this.sameRun = true;
      file = join(dir, 'previous-summary.json');
      if (!existsSync(file)) return {};
      reading = readBusinessSummary(file);
    }
    if (reading.ok) return { summary: reading.summary };
    warn(`${reading.problem}: no comparison this time.`);
    return { skipped: reading.problem };
  }
}

/** GitHub's job summary page; a file that cannot be written costs the page only, not the summary files. */
function appendToStepSummary(file: string, markdown: string): void {
  try {
    appendFileSync(file, markdown);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    warn(`wrote the summary files, but could not append to $GITHUB_STEP_SUMMARY (${file}: ${code}).`);
  }
}

function annotation(test: TestCase, type: string): string | undefined {
  return test.annotations.find((a) => a.type === type)?.description;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function warn(message: string): void {
  process.stderr.write(`rehearse: business summary: ${message}\n`);
}
