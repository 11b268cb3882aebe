import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

type TestProject = NonNullable<PlaywrightTestConfig['projects']>[number];
import { formatDiagnostics } from '../core/format-diagnostics.js';
import { Redactor } from '../core/redactor.js';
import type { LoadResult } from '../loader/load-project.js';
import { projectOfProcess } from './project-of-process.js';
import { tenantsFor } from '../loader/matrix.js';
import type { Project } from '../loader/project.js';
import { browserUse } from './browser-use.js';
import { tenantSlos } from '../report/tenant-slos.js';
import { scenarioTimeoutMs } from './prepare-run.js';
import { readRunOptions, type RunOptions } from './run-options.js';
import { defaultReporterNames, reporters, runSummaryReporter } from './run-layout.js';
import { SPEC_EXTENSION, SPECS_DIR, writeScenarioSpecs } from './scenario-specs.js';

export { GENERATED_DIR, reporters, reportFiles, REPORTER_NAMES } from './run-layout.js';

const RUN_START_REPORTER = fileURLToPath(new URL('./reporters/run-start-reporter.js', import.meta.url));

/**
 * The Playwright configuration of a Rehearse project: one project for the tenants
 * (projects of its own for a tenant with setup or teardown; see `runProjects`),
 * a generated spec per scenario file (its tests located at the YAML),
 * Rehearse's reporters, the run's workers/retries/timeouts, and a `globalSetup`
 * that prepares the run (starting the embedded sandbox when the environment is
 * embedded) when Playwright is started without `rehearse run`. Pass overrides as
 * you would to Playwright's `defineConfig`.
 *
 * The project is the folder of the file that calls this (playwright.config.mjs or .ts),
 * else the working directory; under `rehearse run`, the CLI's `-C` folder.
 *
 * @example
 * // playwright.config.mjs
 * import { defineRehearseConfig } from 'rehearse/playwright';
 * export default defineRehearseConfig();
 */
export function defineRehearseConfig(overrides: PlaywrightTestConfig = {}): PlaywrightTestConfig {
  const options = readRunOptions();
  const root = options?.root ?? callerProjectRoot() ?? process.cwd();
  const loaded = projectOfProcess({
    root,
    environment: options?.environment,
    trustedDigest: options?.projectDigest,
    ...(options?.projectSnapshot ? { snapshot: options.projectSnapshot } : {}),
  });
  // Under a plain `npx playwright test` an invalid project is said here, where every command reads
  // the config: `--list`, UI mode and the VS Code extension run no globalSetup, and showed "No tests
  // found" with no reason. (`rehearse run` validated the project before Playwright started.)
  if (!loaded.project && !options) throw invalidProject(loaded);
  const project = loaded.project;
  // The specs of the project's own scenario files: under `rehearse run`, those it validated.
  const specs = writeScenarioSpecs(
    root,
    project?.scenarios.map((s) => s.file),
  );
  const tenants = tenantNames(project, options);
  const outputDir = options?.outputDir ?? resolve(root, project?.config.outputDir ?? 'reports');
  const workers = options ? options.workers : project?.config.workers;
  return defineConfig({
    // The project folder is the root reporters name files from (scenarios/a.scenario.yaml:3);
    // the tests are in the generated specs, one per scenario file (see scenario-specs.ts).
    testDir: root,
    outputDir: join(root, 'test-results'),
    globalSetup: fileURLToPath(new URL('./global-setup.js', import.meta.url)),
    fullyParallel: true,
    forbidOnly: true,
    timeout: (options ? options.timeoutMs : project && scenarioTimeoutMs(project)) ?? 120_000,
    retries: (options ? options.retries : project?.config.retries?.scenario) ?? 0,
    ...(workers ? { workers } : {}),
    reporter: [
      ...reporters(options?.reporters.length ? options.reporters : defaultReporterNames(false), outputDir, {
        ...(options?.previousSummary ? { previousSummary: options.previousSummary } : {}),
        ...(options?.gates ? { gates: options.gates } : {}),
      }),
      ...(options?.summaryFile ? [runSummaryReporter(options.summaryFile)] : []),
      // Under `rehearse run`, the "Running N test(s)" line: Playwright's count, not the CLI's guess.
      ...(options ? [[RUN_START_REPORTER] as [string]] : []),
    ],
    projects: runProjects(tenants, project, specs),
    metadata: options
      ? {
          environment: options.environment,
          runId: options.runId,
          seed: options.seed,
          // Metadata reaches the HTML report, blobs and the business summary: a password or a
          // signed query in the URL (`--base-url http://user:pass@…`) never does.
          ...(options.baseUrl ? { baseUrl: new Redactor().redactUrl(options.baseUrl) } : {}),
          deployment: options.deployment,
          // For the business summary (reporters/business-summary.ts): a merged blob report keeps
          // its metadata, so the summary of merged shards is judged against the same SLOs.
          ...(project ? { slos: tenantSlos(project) } : {}),
          ...(options.runGroup ? { runGroup: options.runGroup } : {}),
        }
      : {},
    ...overrides,
    // Playwright's own trace/screenshot/video are off unless the config's overrides ask for them: see browserUse.
    use: { ...browserUse(options?.ui?.headless ?? project?.config.ui?.headless ?? true), ...overrides.use },
  });
}

/**
 * The Playwright projects of the run. Tenants without setup or teardown scenarios share one
 * project (named "", so reporters print no project before a title; the tenant is in the title,
 * the `@tenant:<name>` tag and the `tenant` annotation): Playwright never reuses a worker across
 * projects, and a project per tenant started a worker per tenant even with `--workers 1` — the
 * largest part of a small run's overhead (bench/smoke.bench.ts). A tenant with setup or teardown
 * keeps projects of its own, because Playwright orders work by project dependencies: a setup
 * project its scenarios depend on (run first, once; they are skipped when it fails) and a
 * teardown project the setup names (run after them, whatever happened). Each project keeps its
 * tests by Rehearse's own tags (see `ownTags`) and lists its tenants in `metadata.tenants`.
 */
function runProjects(tenants: string[], project: Project | undefined, specs: string): TestProject[] {
  const phasesOf = (tenant: string) =>
    new Set(
      (project?.scenarios ?? [])
        .filter((s) => s.scenario.kind && project && tenantsFor(s.scenario, project.tenants).includes(tenant))
        .map((s) => s.scenario.kind!),
    );
  const phased = tenants.map((tenant) => ({ tenant, phases: phasesOf(tenant) }));
  const shared = phased.filter((t) => t.phases.size === 0).map((t) => t.tenant);
  return [
    ...(shared.length ? [scenarioProject('', shared, specs)] : []),
    ...phased.filter((t) => t.phases.size > 0).flatMap((t) => phasedTenantProjects(t.tenant, t.phases, specs)),
  ];
}

/**
 * Selection by Rehearse's own tags, anchored where Playwright puts them: its grep reads the title
 * path and then the tags as declared, and `testTags` declares `@tenant:<name> @driver:<name>`
 * (then `@phase:<kind>`) last. Anchored at the end, a title or a scenario tag that spells one of
 * them ("Audit @phase:teardown") neither hides a test nor adds one to another tenant's project.
 */
function ownTags(tenants: string[], phase?: 'setup' | 'teardown'): RegExp {
  const names = tenants.map(escapeRegExp).join('|');
  return new RegExp(` @tenant:(?:${names}) @driver:\\S+${phase ? ` @phase:${phase}` : ''}$`);
}

/** One project running the scenarios (not setup or teardown) of the given tenants. */
function scenarioProject(name: string, tenants: string[], specs: string): TestProject {
  return { ...projectBase(tenants, specs), name, grep: ownTags(tenants) };
}

/** A tenant with setup or teardown scenarios: its setup, its scenarios and its teardown, as projects of its own. */
function phasedTenantProjects(tenant: string, phases: Set<string>, specs: string): TestProject[] {
  const setup = `${tenant} setup`;
  const teardown = `${tenant} teardown`;
  const base = projectBase([tenant], specs);
  return [
    ...(phases.has('setup')
      ? [
          {
            ...base,
            name: setup,
            grep: ownTags([tenant], 'setup'),
            ...(phases.has('teardown') ? { teardown } : {}),
          },
        ]
      : []),
    ...(phases.has('teardown') ? [{ ...base, name: teardown, grep: ownTags([tenant], 'teardown') }] : []),
    {
      ...scenarioProject(tenant, [tenant], specs),
      ...(phases.has('setup') ? { dependencies: [setup] } : {}),
    },
  ];
}

function projectBase(tenants: string[], specs: string): Pick<TestProject, 'testDir' | 'testMatch' | 'metadata'> {
  return { testDir: specs, testMatch: `${SPECS_DIR}/**/*${SPEC_EXTENSION}`, metadata: { tenants } };
}

function tenantNames(project: Project | undefined, options: RunOptions | undefined): string[] {
  const names = project ? [...project.tenants.keys()].sort() : [];
  return options?.tenants.length ? names.filter((n) => options.tenants.includes(n)) : names;
}

/**
 * The folder of the module that called `defineRehearseConfig` (the project's
 * playwright.config.*, read from the stack), when it holds a Rehearse project —
 * so the VS Code extension and `npx playwright test -c some/dir/playwright.config.ts`
 * find the project whatever the working directory.
 */
function callerProjectRoot(): string | undefined {
  const own = dirname(fileURLToPath(import.meta.url));
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):\d+:\d+\)?\s*$/.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (file.startsWith(own)) continue;
    const dir = dirname(file);
    return existsSync(join(dir, 'rehearse.config.yaml')) || existsSync(join(dir, 'scenarios')) ? dir : undefined;
  }
  return undefined;
}

/** The project's problems as `rehearse validate` words them, thrown without Rehearse's stack (a user's mistake). */
function invalidProject(loaded: LoadResult): Error {
  const message = `Rehearse project is invalid:\n${formatDiagnostics(loaded.diagnostics, { sources: loaded.sources })}`;
  const error = new Error(message);
  // No stack of Rehearse's under a user's mistake (Node shows a stackless error in brackets).
  error.stack = message;
  return error;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
