import type { FullConfig, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { AllureReporter } from 'allure-playwright';
import { readRunOptions } from '../run-options.js';
import { ALLURE_CATEGORIES, CATEGORY_MARKS, CATEGORY_STATUS, classifyFailure } from './allure-categories.js';
import { allureEnvironment, type EnvironmentSource } from './allure-environment.js';
import { allureLabels, REHEARSE_ANNOTATIONS } from './allure-labels.js';
import { clearAllureResults } from './allure-results-files.js';
import { scenarioResultOf } from './run-summary.js';

/** Options of `--reporter allure` (see `reporters()` in run-layout.ts). */
export interface RehearseAllureOptions {
  /** Where the Allure results go (`<outputDir>/allure-results`). */
  resultsDir: string;
}

type AllureConfig = ConstructorParameters<typeof AllureReporter>[0];
type AllureTestResult = Parameters<
  NonNullable<NonNullable<AllureConfig['listeners']>[number]['afterTestResultStart']>
>[0];

/**
 * allure-playwright's reporter with Rehearse's meaning put in, and no call inside a test:
 * - labels and parameters from the test's annotations and tags (`allureLabels`): epic =
 *   workflow, feature = scenario, story = each action, severity, owner, the scenario's tags;
 *   parameters tenant and driver (in place of allure-playwright's `Project`). Rehearse's
 *   annotations are not shown as steps, its selection tags (`@tenant:`, ...) not as tags;
 * - a failed test's message starts with its category's mark (`classifyFailure`, from the
 *   `rehearse-result.json` attachment) and its status is the category's (`failed` for a product
 *   defect, `broken` otherwise), so `categories.json` (`ALLURE_CATEGORIES`) sorts it;
 * - `environment.properties` from the run's options (`allureEnvironment`), redacted.
 *
 * The hooks are allure-js's own: a `LifecycleListener` (allure-js-commons) sees each result as it
 * starts and before it is written. A problem in Rehearse's part leaves allure-playwright's result as
 * it was rather than failing the run.
 */
export default class RehearseAllureReporter extends AllureReporter {
  /** The test whose Allure result is being started (`startTest` calls the listener synchronously). */
  private starting: TestCase | undefined;
  private readonly resultsDir: string;

  constructor(options: RehearseAllureOptions) {
    const self: { reporter?: RehearseAllureReporter } = {};
    super({
      resultsDir: options.resultsDir,
      // Scenario steps only (test.step): no fixture or hook steps around them.
      detail: false,
      // allure-js types statuses as its own enum; its values are these strings.
      categories: ALLURE_CATEGORIES.map((c) => ({ ...c })) as unknown as AllureConfig['categories'],
      listeners: [
        {
          afterTestResultStart: (result) => self.reporter?.describe(result),
          beforeTestResultWrite: (result) => categorize(result),
        },
      ],
    });
    self.reporter = this;
    this.resultsDir = options.resultsDir;
  }

  override onConfigure(config: FullConfig): void {
    // `rehearse report merge` configures reporters with its merge config, which has no projects:
    // allure-playwright reads the first project's folders (for snapshot attachments) and would throw.
    if (config.projects.length) super.onConfigure(config);
    else this.config = config;
  }

  override onBegin(suite: Suite): void {
    clearAllureResults(this.resultsDir);
    try {
      const run = readRunOptions() ?? optionsOfConfig(this.config);
      if (run) this.options = { ...this.options, environmentInfo: allureEnvironment(run) };
    } catch {
      // No environment block is better than no report.
    }
    super.onBegin(suite);
  }

  override onTestBegin(test: TestCase): void {
    this.starting = test;
    try {
      super.onTestBegin(withoutRehearseMarks(test));
    } finally {
      this.starting = undefined;
    }
  }

  override async onTestEnd(test: TestCase, result: TestResult): Promise<void> {
    await super.onTestEnd(test, marked(test, result));
  }

  /** Adds Rehearse's labels and parameters to the result of the test being started. */
  describe(result: AllureTestResult): void {
    const test = this.starting;
    if (!test) return;
    try {
      const { labels, parameters } = allureLabels({
        annotations: test.annotations,
        tags: test.tags,
        scenarioName: test.parent.title,
      });
      if (!labels.length) return;
      // allure-playwright's package is the generated spec's path and its parent suite the Playwright
      // project: the scenario file and the tenant replace them.
      const replaced = new Set(['package', 'parentSuite']);
      result.labels = [...result.labels.filter((l) => !replaced.has(l.name)), ...labels];
      result.parameters = [...result.parameters.filter((p) => p.name !== 'Project'), ...parameters];
    } catch {
      // allure-playwright's own labels stay.
    }
  }
}

/** The test as allure-playwright should read it: Rehearse's annotations and tags left out (`allureLabels` adds them as labels). */
function withoutRehearseMarks(test: TestCase): TestCase {
  const isScenarioTest = test.annotations.some((a) => a.type === 'workflow');
  if (!isScenarioTest) return test;
  return Object.create(test, {
    annotations: { value: test.annotations.filter((a) => !REHEARSE_ANNOTATIONS.has(a.type)) },
    tags: { value: [] },
  }) as TestCase;
}

/** A failed scenario test's result with its category's mark and reason leading its error message. */
function marked(test: TestCase, result: TestResult): TestResult {
  if (!result.error || result.status === 'passed' || result.status === 'skipped') return result;
  if (!test.annotations.some((a) => a.type === 'workflow')) return result;
  try {
    const { category, reason } = classifyFailure(scenarioResultOf(result.attachments), result.status, test.tags);
    const message = `${CATEGORY_MARKS[category]} ${reason}\n${result.error.message ?? ''}`;
    return { ...result, error: { ...result.error, message } };
  } catch {
    return result;
  }
}

/** Sets a marked result's status to its category's (Allure: `failed` = product, `broken` = anything else). */
function categorize(result: AllureTestResult): void {
  const message = result.statusDetails?.message ?? '';
  for (const [category, mark] of Object.entries(CATEGORY_MARKS) as Array<[keyof typeof CATEGORY_MARKS, string]>)
    if (message.startsWith(mark)) result.status = CATEGORY_STATUS[category] as typeof result.status;
}

/** The run's options as the Playwright config recorded them (`config.metadata`), when the environment variable is gone. */
function optionsOfConfig(config: FullConfig | undefined): EnvironmentSource | undefined {
  const meta = config?.metadata as Partial<EnvironmentSource> | undefined;
  if (!meta?.runId) return undefined;
  return {
    runId: meta.runId,
    seed: meta.seed ?? '',
    environment: meta.environment ?? '',
    baseUrl: meta.baseUrl,
    deployment: meta.deployment,
  };
}
