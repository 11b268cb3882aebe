import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseDuration } from '../../core/duration.js';
import { RehearseError } from '../../core/errors.js';
import { Redactor } from '../../core/redactor.js';
import { resolveEnvironment } from '../../environment/resolve-environment.js';
import {
  judgeShift,
  judgeThresholds,
  MetricRecorder,
  loadResultsFile,
  loadResultsOf,
  loadStatusOf,
  loadSummaryOf,
  parseShiftThreshold,
  parseThreshold,
  profileDurationMs,
  profileText,
  progressLine,
  renderLoadHtml,
  renderLoadReport,
  renderNeighbour,
  noIterationPassed,
  removeEarlierResults,
  runLoad,
  withDefaultGate,
  type LoadProfile,
  type LoadRecord,
  type LoadSegment,
  type RunIteration,
  type Threshold,
} from '../../load/index.js';
import { buildMatrix, type MatrixEntry } from '../../loader/matrix.js';
import type { Project } from '../../loader/project.js';
import { preflight } from '../../playwright/preflight.js';
import { newRunId, runOptionsOf, startRunTarget, type RunTarget } from '../../playwright/prepare-run.js';
import type { RunOptions } from '../../playwright/run-options.js';
import type { SetupValues } from '../../playwright/setup-values.js';
import { tenantSlos } from '../../report/tenant-slos.js';
import { EXIT } from '../exit-codes.js';
import { parseLoadProfile, parseSegment, type LoadProfileFlags } from '../load-flags.js';
import { scenarioIteration } from '../load-iteration.js';
import {
  phaseLine,
  runTenantSetup,
  runTenantTeardown,
  tenantPhaseEntries,
  type TenantSetup,
} from '../load-tenant-phases.js';
import { loadOrReport } from '../load-or-report.js';
import { loadMarkdownLines } from '../../report/load-markdown.js';
import { appendStepSummary } from '../load-step-summary.js';
import { mergeLoadIntoSummary } from './load-into-summary.js';
import type { Output } from '../output.js';
import { pipelineOf } from '../run-group.js';
import { startUpDone } from '../start-up-tiering.js';

export interface LoadCommandOptions extends LoadProfileFlags {
  dir: string;
  scenario: string;
  env?: string;
  tenant?: string;
  baseUrl?: string;
  /** `i/n`: this process runs the i-th of n shares of the load. */
  segment?: string;
  threshold?: string[];
  /** Open model: iterations in flight at most (default 100). */
  maxInFlight?: string;
  /** How long iterations running at the end may take to finish (default 10s). */
  gracefulStop?: string;
  seed?: string;
  outputDir?: string;
  keepSamples?: boolean;
  /** Load an environment marked `production: true` (refused without it). */
  allowProduction?: boolean;
  /** The tenant profile's `slos:` set the exit code as thresholds do (else they are reported as warnings). */
  failOnSlo?: boolean;
  /** Noisy-neighbour rehearsal: this second tenant's scenarios run beside the load, against their own baseline. */
  neighbour?: string;
  /** The tag that picks the neighbour's scenarios (default smoke). */
  neighbourTag?: string;
  /** How long the neighbour's baseline is measured before the load (default 10s). */
  baseline?: string;
  /** `--max-shift`: how far the neighbour may move against its baseline (`p95<50%`, `error_rate<1%`). */
  maxShift?: string[];
  /** The business summary the load's figures are merged into (default `<outputDir>/summary`). */
  summaryDir?: string;
}

export { loadResultsFile };

/**
 * `rehearse load <scenario>`: the scenario × one tenant through the API driver at an arrival rate
 * (open model) or with virtual users (closed model), for a profile of stages, measured in HDR
 * histograms (iteration latency from its intended start; each action's), judged by k6-style
 * thresholds (`--threshold`; the tenant profile's `slos:` too with `--fail-on-slo`, else they are
 * reported as warnings, as `rehearse run` does). Writes
 * `<outputDir>/load/segment-<i>-of-<n>.json` (schemas/load-results.schema.json) and its page, and
 * merges its figures into the business summary (`<outputDir>/summary/`, or `--summary-dir`; a
 * segment of several is merged by `rehearse load merge --summary-dir`). Bounded: only the
 * environment's allowed hosts are called, a `production: true` environment is refused unless
 * `--allow-production`, and the run ends at the profile's end plus `--graceful-stop`.
 * It first removes this segment's files an earlier load left (`removeEarlierResults`), so one
 * that ends early leaves none for a merge to take. The named scenario is what is loaded; the
 * tenant's `kind: setup` scenarios run once before the load (and the neighbour's before its
 * baseline), each iteration given what they ended with, and their teardowns once after — as
 * `rehearse run` runs them around a tenant's tests. A setup that does not pass: no load, exit 1;
 * a teardown that does not: a warning. An iteration the graceful stop cuts is a failed run.
 * Exit codes: 0 every threshold held; 1 a threshold did not, a tenant's setup failed, or no iteration passed (the default
 * gate `error_rate<100%`, with or without thresholds); 2 bad flags or files, or no iteration ended; 3 the target failed its preflight; 130/143 interrupted (results written).
 * A segment of several (`--segment 2/3`) is judged by `rehearse load merge`, not alone.
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG`, `REHEARSE_NOTHING_TO_RUN`, `REHEARSE_PRODUCTION_REFUSED`, `REHEARSE_LOAD_STALE_RESULTS`.
 */
export async function loadCommand(options: LoadCommandOptions, output: Output): Promise<number> {
  const root = resolve(options.dir);
  const segment: LoadSegment = options.segment ? parseSegment(options.segment) : { index: 1, count: 1 };
  // First of all, this segment's results from an earlier load go: a load that ends early (a bad
  // flag or file, a target down) must leave nothing a merge would take for its results.
  if (options.outputDir !== undefined) removeEarlierResults(resolve(root, options.outputDir), segment);
  // Every flag is read before anything is loaded or started: a mistake is exit 2, never a half run.
  const profile = parseLoadProfile(options);
  const given = (options.threshold ?? []).map(parseThreshold);
  const maxInFlight = options.maxInFlight === undefined ? 100 : positive('--max-in-flight', options.maxInFlight);
  const gracefulStopMs =
    options.gracefulStop === undefined ? 10_000 : durationFlag('--graceful-stop', options.gracefulStop);
  const maxShifts = (options.maxShift ?? []).map(parseShiftThreshold);
  const baselineMs = options.baseline === undefined ? 10_000 : durationFlag('--baseline', options.baseline);
  checkNeighbourFlags(options, segment);

  const project = loadOrReport(root, options.env, output, {
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    tenants: options.tenant ? [options.tenant] : [],
  });
  if (!project) return EXIT.invalid;
  const outputDir = resolve(root, options.outputDir ?? project.config.outputDir ?? 'reports');
  // Without --output-dir the folder is the config's: known once the project is read.
  if (options.outputDir === undefined) removeEarlierResults(outputDir, segment);
  const matrix = buildMatrix(project, {
    scenarios: [options.scenario],
    tenants: options.tenant ? [options.tenant] : [],
    drivers: ['api'],
  });
  // The matrix holds the tenant's setup and teardown too (they go with any selected scenario):
  // the load is of the scenario named, never of a phase that happens to come first.
  const named = matrix.filter((m) => m.scenario.name === options.scenario);
  const entry = named[0];
  if (!entry)
    throw new RehearseError(
      'REHEARSE_NOTHING_TO_RUN',
      `Failed to start the load: no scenario "${options.scenario}" runs through the api driver${options.tenant ? ` for tenant ${options.tenant}` : ''}.`,
      { hint: 'Load runs one scenario through the API driver; `rehearse list --driver api` shows which can.' },
    );
  if (!options.tenant && new Set(named.map((m) => m.tenant)).size > 1)
    output.err(`Loading as tenant ${entry.tenant} (the scenario's first; --tenant picks another).`);
  // As in `rehearse run`: the tenant's SLOs are judged and reported, and fail the run only with --fail-on-slo.
  const slos = sloThresholds(project, entry.tenant);
  const thresholds = options.failOnSlo ? [...given, ...slos] : given;
  const sloWarnings = options.failOnSlo ? [] : slos;
  const neighbourTag = options.neighbourTag ?? 'smoke';
  // The neighbour's matrix holds its setup and teardown too; its iterations are its tagged scenarios.
  const neighbourMatrix = options.neighbour
    ? buildMatrix(project, { tags: [neighbourTag], tenants: [options.neighbour], drivers: ['api'] })
    : [];
  const neighbourEntries = neighbourMatrix.filter((e) => !e.scenario.kind);
  // Each tenant's setup runs once before the load and its teardown once after, as `rehearse run`
  // runs them around the tenant's tests; loading a setup or teardown scenario itself runs neither.
  const phasesOf = (tenantMatrix: readonly MatrixEntry[], tenant: string, kind: 'setup' | 'teardown') =>
    tenant === entry.tenant && entry.scenario.kind ? [] : tenantPhaseEntries(tenantMatrix, tenant, kind);
  if (options.neighbour && options.neighbour === entry.tenant)
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read --neighbour ${options.neighbour}: it is the tenant being loaded.`,
      {
        hint: 'The neighbour is a second tenant whose scenarios run beside the load: name another tenant profile.',
      },
    );
  if (options.neighbour && !neighbourEntries.length)
    throw new RehearseError(
      'REHEARSE_NOTHING_TO_RUN',
      `Failed to start the noisy-neighbour rehearsal: no scenario tagged ${neighbourTag} runs for tenant ${options.neighbour} through the api driver.`,
      {
        hint: 'Pick the neighbour’s scenarios with --neighbour-tag; `rehearse list --tenant <name> --driver api` shows them.',
      },
    );

  const environment = resolveEnvironment({ config: project.config, name: options.env, baseUrl: options.baseUrl });
  if (environment.production && !options.allowProduction)
    throw new RehearseError(
      'REHEARSE_PRODUCTION_REFUSED',
      `Failed to start the load: environment "${environment.name}" is marked production: true, and load on production is refused.`,
      { hint: 'Load a staging environment; if you must load production, say so with --allow-production.' },
    );

  const seed = options.seed ?? String(Math.floor(Math.random() * 2 ** 31));
  const started = Date.now();
  const runId = newRunId(started, randomBytes(3).toString('hex'));
  const stop = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(signal === 'SIGINT' ? EXIT.interrupted : 143);
    signalled = signal;
    output.err(`\n${signal}: stopping the load (a second ${signal} ends it at once)…`);
    stop.abort(new Error(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let target: RunTarget | undefined;
  // Set once the target is checked: what the teardown below needs.
  let runOptions: RunOptions | undefined;
  const setups: TenantSetup[] = [];
  try {
    target = await startRunTarget({
      project,
      environment,
      seed,
      baseUrlGiven: Boolean(options.baseUrl),
      onStart: (what) => output.err(what),
    });
    const check = await preflight(target.probe);
    if (!check.ok) {
      output.err(
        `✗ Preflight failed: the target ${target.baseUrl} is not healthy.\n  ${check.reason}\n  No load was applied.`,
      );
      return EXIT.targetDown;
    }
    // The engine runs in this process: the embedded sandbox's credentials are read from its environment.
    Object.assign(process.env, target.embedded?.secretEnv ?? {});
    const thisRun = runOptionsOf({
      root,
      project,
      environment,
      baseUrl: target.baseUrl,
      runId,
      seed,
      startedAt: started,
      scenarios: [entry.scenario.name],
      tenants: [entry.tenant],
      drivers: ['api'],
      reporters: [],
      outputDir,
      deployment: check.deployment,
    });
    runOptions = thisRun;
    output.err(
      `Target ${target.baseUrl} is healthy. Load: ${entry.scenario.name} × ${entry.tenant}, ${profileText(profile)}` +
        (segment.count > 1 ? `, segment ${segment.index} of ${segment.count}` : '') +
        ` (seed ${seed}).`,
    );
    // The load generator (and the embedded sandbox) from here on: optimised as V8 does by default.
    startUpDone();
    const tenantsToSet = [
      { tenant: entry.tenant, matrix },
      ...(options.neighbour ? [{ tenant: options.neighbour, matrix: neighbourMatrix }] : []),
    ];
    for (const { tenant, matrix: tenantMatrix } of tenantsToSet) {
      const entries = phasesOf(tenantMatrix, tenant, 'setup');
      if (!entries.length) continue;
      const setup = await runTenantSetup({ project, options: thisRun, tenant, entries, signal: stop.signal });
      setups.push(setup);
      for (const outcome of setup.outcomes) output.err(phaseLine(outcome));
      if (signalled) break;
      if (!setup.passed) {
        output.err(
          `✗ Tenant ${tenant}'s setup did not pass: no load was applied (every iteration would need what it sets up).`,
        );
        return EXIT.failed;
      }
    }
    if (signalled) {
      output.err(`Interrupted by ${signalled} while the setup ran: no load was applied.`);
      return signalled === 'SIGINT' ? EXIT.interrupted : 143;
    }
    const setupOf = (tenant: string) => setups.find((s) => s.tenant === tenant)?.values;
    const tty = Boolean(process.stderr.isTTY);
    let lastLine = 0;
    const neighbour = neighbourEntries.length
      ? neighbourEntries.map((e) => ({
          scenario: e.scenario.name,
          iterate: scenarioIteration({ project, options: thisRun, entry: e, ...withSetup(setupOf(e.tenant)) }),
        }))
      : undefined;
    // One virtual user runs the neighbour's scenarios back to back: first alone, then beside the
    // load. Each window starts again at the first scenario: when a window fits only a few runs (a
    // busy machine, long scenarios), both measure the same ones, not the next ones in turn.
    const neighbourRun = (durationMs: number) =>
      runLoad({
        profile: { model: 'closed', start: 1, stages: [{ durationMs, target: 1 }] },
        segment: { index: 1, count: 1 },
        maxInFlight: 1,
        gracefulStopMs,
        iterate: roundRobin(neighbour!),
        signal: stop.signal,
      });
    let baseline: LoadRecord | undefined;
    if (neighbour) {
      output.err(
        `Measuring the neighbour ${options.neighbour}'s baseline for ${baselineMs / 1000}s (${neighbourEntries.length} scenario(s) tagged ${neighbourTag})…`,
      );
      baseline = await neighbourRun(baselineMs);
    }
    const beside = neighbour && !stop.signal.aborted ? neighbourRun(profileDurationMs(profile)) : undefined;
    const record = await runLoad({
      profile,
      segment,
      maxInFlight,
      gracefulStopMs,
      iterate: scenarioIteration({ project, options: thisRun, entry, ...withSetup(setupOf(entry.tenant)) }),
      signal: stop.signal,
      keepSamples: options.keepSamples ?? false,
      progressEveryMs: 1000,
      onProgress: (p) => {
        // A terminal gets one line rewritten each second; a CI log a line every 5 s.
        if (tty) process.stderr.write(`\r${progressLine(profile.model, p)}\u001b[K`);
        else if (p.elapsedMs - lastLine >= 5000 || p.elapsedMs >= p.durationMs) {
          lastLine = p.elapsedMs;
          output.err(progressLine(profile.model, p));
        }
      },
    });
    const underLoad = await beside;
    if (tty) process.stderr.write('\n');
    const results = loadResultsOf(
      record,
      {
        scenario: entry.scenario.name,
        file: relative(root, resolve(root, entry.file)),
        tenant: entry.tenant,
        environment: environment.name,
        // A --base-url may carry user-info: results and pages get it masked, as every report does.
        targetUrl: new Redactor().redactText(target.baseUrl),
        model: profile.model,
        start: profile.start,
        stages: profile.stages,
        maxInFlight,
        seed,
        thresholds: thresholds.map((t) => t.text),
        sloWarnings: sloWarnings.map((t) => t.text),
        group: loadGroup(entry.scenario.name, entry.tenant, environment.name, profile, segment.count, options.seed),
      },
      segment,
    );
    if (baseline && underLoad) {
      const empty = new MetricRecorder().toJSON();
      results.neighbour = {
        tenant: options.neighbour!,
        tag: neighbourTag,
        scenarios: Object.fromEntries(
          [...new Set(neighbourEntries.map((e) => e.scenario.name))].map((name) => [
            name,
            {
              baseline: baseline.byScenario.get(name)?.toJSON() ?? empty,
              underLoad: underLoad.byScenario.get(name)?.toJSON() ?? empty,
            },
          ]),
        ),
        maxShifts: maxShifts.map((t) => t.text),
      };
    }
    const file = loadResultsFile(outputDir, segment);
    mkdirSync(join(outputDir, 'load'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    const whole = segment.count === 1;
    // Judged by the default gate too: a load in which no iteration passed fails whatever its thresholds.
    const verdicts = whole ? withDefaultGate(results, judgeThresholds(results, thresholds)) : [];
    const warnings = whole ? judgeThresholds(results, sloWarnings) : [];
    const shifts = results.neighbour ? maxShifts.map((t) => judgeShift(t, results.neighbour!.scenarios)) : [];
    const report =
      renderLoadReport(results, verdicts, warnings) + (results.neighbour ? renderNeighbour(results, shifts) : '');
    output.out(report.trimEnd());
    const page = file.replace(/\.json$/, '.html');
    writeFileSync(page, renderLoadHtml(results, verdicts, warnings, shifts));
    // The summary's verdict follows the exit code below, by the same rules (loadStatusOf).
    const status = loadStatusOf({ results, verdicts, shifts, interrupted: signalled !== undefined });
    const summaryDir = resolve(root, options.summaryDir ?? join(outputDir, 'summary'));
    const load = whole
      ? loadSummaryOf({ results, status, verdicts, sloWarnings: warnings, shifts, resultsFile: file })
      : undefined;
    appendStepSummary(report, load && loadMarkdownLines({ ...load, results: relative(root, file) }));
    const summary = load
      ? mergeLoadIntoSummary({
          load,
          resultsFile: file,
          dir: summaryDir,
          run: { id: runId, environment: environment.name, targetUrl: results.load.targetUrl, seed },
          deployment: check.deployment ?? {},
          output,
        })
      : undefined;
    output.err(`Results: ${file}  ${page}${summary ? `  ${summary}` : ''}`);
    if (signalled) return signalled === 'SIGINT' ? EXIT.interrupted : 143;
    if (results.iteration.runs === 0) {
      output.err('✗ No iteration ended: nothing was measured, so this is not a pass.');
      return EXIT.invalid;
    }
    if (!whole) {
      output.err(
        `Segment ${segment.index} of ${segment.count}: its thresholds are judged on all segments by \`rehearse load merge\`.`,
      );
      return EXIT.passed;
    }
    if (noIterationPassed(results))
      output.err(
        `✗ No iteration passed (${results.iteration.failed} of ${results.iteration.runs} failed): nothing of the scenario worked, so the load fails whatever its thresholds.`,
      );
    else if (!thresholds.length)
      output.err(
        '⚠ No threshold judged this load: give --threshold (or --fail-on-slo for the tenant profile’s slos:).',
      );
    const failed = verdicts.filter((v) => !v.passed);
    if (failed.length) output.err(`✗ ${failed.length} of ${verdicts.length} threshold(s) did not hold.`);
    const moved = shifts.filter((v) => !v.passed);
    if (moved.length)
      output.err(
        `✗ The neighbour ${options.neighbour} moved beyond ${moved.length} of ${shifts.length} --max-shift threshold(s) while ${entry.tenant} was loaded.`,
      );
    return failed.length || moved.length ? EXIT.failed : EXIT.passed;
  } finally {
    // Whatever the load came to (a setup that failed part-way included), each tenant whose setup
    // ran gets its teardown, given what the setup ended with. A teardown that fails is a warning,
    // as a failed cleanup step is in `rehearse run`: the load's figures and verdict stand.
    try {
      if (signalled && setups.length && runOptions)
        output.err(`Running the teardown before exiting (a second ${signalled} ends Rehearse at once)…`);
      for (const setup of setups) {
        const tenantMatrix = setup.tenant === entry.tenant ? matrix : neighbourMatrix;
        const entries = phasesOf(tenantMatrix, setup.tenant, 'teardown');
        if (!entries.length || !runOptions) continue;
        const outcomes = await runTenantTeardown({
          project,
          options: runOptions,
          entries,
          setup: setup.values,
          signal: new AbortController().signal,
        });
        for (const outcome of outcomes) output.err(phaseLine(outcome, '⚠'));
      }
    } finally {
      // The target stops whatever the teardown came to (a session that could not be set up included).
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await target?.embedded?.close();
    }
  }
}

/** `{ setup }` when a tenant's setup ran, else nothing: an iteration's input. */
function withSetup(values: SetupValues | undefined): { setup?: SetupValues } {
  return values ? { setup: values } : {};
}

/** Iterations of several scenarios, taken in turn, each outcome naming its scenario. */
function roundRobin(iterations: Array<{ scenario: string; iterate: RunIteration }>): RunIteration {
  let next = 0;
  return async (signal) => {
    const { scenario, iterate } = iterations[next++ % iterations.length]!;
    return { ...(await iterate(signal)), scenario };
  };
}

/**
 * The noisy-neighbour flags go together: --max-shift, --neighbour-tag and --baseline need
 * --neighbour, and the rehearsal needs the whole load in one process (no --segment).
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG`.
 */
function checkNeighbourFlags(options: LoadCommandOptions, segment: LoadSegment): void {
  const orphan = options.maxShift?.length
    ? '--max-shift'
    : options.neighbourTag !== undefined
      ? '--neighbour-tag'
      : options.baseline !== undefined
        ? '--baseline'
        : undefined;
  if (orphan && !options.neighbour)
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read ${orphan}: it belongs to the noisy-neighbour rehearsal, which --neighbour <tenant> starts.`,
      { hint: 'rehearse load order-flow --tenant high-volume --rate 20/s --neighbour standard --max-shift "p95<50%"' },
    );
  if (options.neighbour && segment.count > 1)
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      'Failed to read --neighbour with --segment: the rehearsal compares the neighbour with the whole load, which one segment is not.',
      { hint: 'Run the noisy-neighbour rehearsal unsegmented, on one machine.' },
    );
}

/**
 * Thresholds from the tenant profile's `slos:`: `<action>:p95<=<p95>` and
 * `<action>:error_rate<=<1 − successRate>` — the same objectives `rehearse run --fail-on-slo` judges.
 */
function sloThresholds(project: Project, tenant: string): Threshold[] {
  const slos = tenantSlos(project)[tenant] ?? {};
  return Object.entries(slos).flatMap(([action, slo]) => [
    ...(slo.p95Ms !== undefined ? [parseThreshold(`${action}:p95<=${slo.p95Ms}ms`)] : []),
    ...(slo.successRate !== undefined
      ? [parseThreshold(`${action}:error_rate<=${Math.round((1 - slo.successRate) * 1e6) / 1e4}%`)]
      : []),
  ]);
}

/** What every segment of one load run shares, so that `rehearse load merge` refuses others. */
function loadGroup(
  scenario: string,
  tenant: string,
  environment: string,
  profile: LoadProfile,
  count: number,
  seed: string | undefined,
): string {
  const pipeline = pipelineOf(process.env) ?? '';
  return createHash('sha256')
    .update(JSON.stringify({ scenario, tenant, environment, profile, count, pipeline, seed: seed ?? null }))
    .digest('hex')
    .slice(0, 16);
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read ${flag} "${text}": expected a whole number of 1 or more.`,
    );
  return n;
}

function durationFlag(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read ${flag} "${text}": expected a duration such as 10s.`,
    );
  return ms;
}
