import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { RehearseError } from '../../core/errors.js';
import { Redactor } from '../../core/redactor.js';
import type { DrillPorts, DrillResults, TransactionOutcome } from '../../drill/index.js';
import type { DrillRun } from '../../report/index.js';
import type { ScenarioResult, StepResult } from '../../engine/results.js';
import type { ScenarioRun } from '../load-iteration.js';
import type { EmbeddedTarget } from '../../playwright/embedded-target.js';
import type { ResolvedEnvironment } from '../../environment/resolve-environment.js';
import type { MatrixEntry } from '../../loader/matrix.js';
import type { Project } from '../../loader/project.js';
import type { RunOptions } from '../../playwright/run-options.js';
import { EXIT } from '../exit-codes.js';
import { collectList as collect } from '../list-option.js';
import { printDiagnostics, processOutput, type Output } from '../output.js';
import type { Wrap } from './serve.js';
import { startUpDone } from '../start-up-tiering.js';
import { runOutput } from '../closed-pipes.js';

interface DrillFlags {
  env?: string;
  tenant: string[];
  outputDir?: string;
  summaryDir?: string;
  seed?: string;
  compare?: string;
}

/** `rehearse drill <file>`: registered on the program by `buildProgram`. */
export function registerDrillCommand(program: Command, output: Output, wrap: Wrap, dir: () => string): void {
  program
    .command('drill')
    .description(
      'rehearse a release or recovery: steady traffic while operations run; downtime, RTO, RPO, reconciliation',
    )
    .argument('<file>', 'a drill file, e.g. drills/restore-from-snapshot.drill.yaml')
    .option('-e, --env <name>', "environment (default: the drill's environment:, else defaultEnvironment)")
    .option(
      '--tenant <names>',
      "traffic as these tenants (default: the drill's traffic.tenants, else the scenarios')",
      collect,
      [],
    )
    .option('--output-dir <path>', 'where drill-results.json and drill.html go (default: reports/drills/<drill>)')
    .option(
      '--summary-dir <path>',
      "the business summary the drill's figures are merged into (default: <outputDir>/summary, where rehearse run writes it)",
    )
    .option('--seed <seed>', 'seed for fake data and fault injection')
    .option('--compare <file>', "an earlier drill's drill-results.json: show how each figure moved since")
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 every threshold held; 1 a threshold did not (or an operation failed); 2 an invalid',
        'drill file or flag; 3 the target was down before the drill started; 130/143 interrupted.',
        '',
        'With $GITHUB_STEP_SUMMARY set (GitHub Actions), a Markdown summary of the figures and the verdict',
        'is appended to the file it names.',
        '',
        'Example: rehearse drill drills/restore-from-snapshot.drill.yaml',
      ].join('\n'),
    )
    .action(wrap((file: string, flags: DrillFlags) => drillCommand(file, flags, resolve(dir()), output)));
}

/**
 * Runs a drill file against its environment: loads and checks the project and the drill (exit
 * 2), starts the embedded sandbox when the environment is one (its URL and admin token reach
 * shell operations as REHEARSE_SANDBOX_URL and REHEARSE_SANDBOX_ADMIN_TOKEN), checks the target
 * (exit 3), runs `runDrill` with the engine and the API driver behind its ports, and writes
 * `drill-results.json` and `drill.html`, and merges the figures into the business summary
 * (`<outputDir>/summary/`, or `--summary-dir`). Refuses an environment marked `production: true`.
 *
 * @throws RehearseError `REHEARSE_PRODUCTION_REFUSED`, `REHEARSE_NOTHING_TO_RUN`.
 */
async function drillCommand(file: string, flags: DrillFlags, root: string, given: Output): Promise<number> {
  // A reader that closes early (`rehearse drill … | head -3`) stops the writing, never the drill:
  // it finishes, writes its results and summary, and exits with its own code. Output replaced by
  // a test writes to no process stream: it is passed on untouched.
  const output = given.out === processOutput.out ? runOutput(given) : given;
  const { loadOrReport } = await import('../load-or-report.js');
  const project = loadOrReport(root, flags.env, output, { tenants: flags.tenant });
  if (!project) return EXIT.invalid;
  const { loadDrill } = await import('../../loader/load-drill.js');
  const loaded = loadDrill(project, resolve(process.cwd(), file));
  if (!loaded.drill) {
    printDiagnostics(output, loaded.diagnostics, loaded.sources);
    return EXIT.invalid;
  }
  const { drill } = loaded.drill;
  // Read before anything starts: a comparison that cannot be made is a mistake in the command line.
  const previous = flags.compare === undefined ? undefined : await readEarlierResults(flags.compare);
  const { buildMatrix } = await import('../../loader/matrix.js');
  const scenarioNames = [
    ...new Set([...drill.traffic.scenarios, ...drill.phases.flatMap((p) => ('scenarios' in p ? p.scenarios : []))]),
  ];
  const chosen = flags.tenant.length ? flags.tenant : (drill.traffic.tenants ?? []);
  const matrix = buildMatrix(project, { scenarios: scenarioNames, tenants: chosen, drivers: ['api'] }).filter((e) =>
    scenarioNames.includes(e.scenario.name),
  );
  const tenants = chosen.length
    ? chosen
    : [...new Set(matrix.filter((e) => e.scenario.name === drill.traffic.scenarios[0]).map((e) => e.tenant))];
  const missing = tenants.flatMap((tenant) =>
    drill.traffic.scenarios
      .filter((s) => !matrix.some((e) => e.tenant === tenant && e.scenario.name === s))
      .map((s) => `${s} × ${tenant}`),
  );
  if (!tenants.length || missing.length)
    throw new RehearseError(
      'REHEARSE_NOTHING_TO_RUN',
      `Failed to start drill ${drill.drill}: ${missing.length ? `${missing.join(', ')} do not run through the api driver` : 'no tenant runs its traffic scenarios'}.`,
      {
        hint: 'Pick tenants the scenarios apply to (traffic.tenants, or --tenant); `rehearse list --driver api` shows them.',
      },
    );

  const { resolveEnvironment } = await import('../../environment/resolve-environment.js');
  const environment = resolveEnvironment({ config: project.config, name: flags.env ?? drill.environment });
  if (environment.production)
    throw new RehearseError(
      'REHEARSE_PRODUCTION_REFUSED',
      `Failed to start drill ${drill.drill}: environment "${environment.name}" is marked production: true, and drills restore, roll back and stop things.`,
      { hint: 'Rehearse recovery on staging or the embedded sandbox (--env sandbox).' },
    );

  const seed = flags.seed ?? String(Math.floor(Math.random() * 2 ** 31));
  const stop = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(signal === 'SIGINT' ? EXIT.interrupted : 143);
    signalled = signal;
    output.err(`\n${signal}: stopping the drill (a second ${signal} ends it at once)…`);
    stop.abort(new Error(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const redactor = new Redactor();
  const operationEnv: Record<string, string> = {};
  let embedded: EmbeddedTarget | undefined;
  let ports: (DrillPorts & { close(): Promise<void> }) | undefined;
  try {
    if (environment.embedded) {
      embedded = await startEmbedded(project, environment, seed, operationEnv, output);
      redactor.addSecret(operationEnv.REHEARSE_SANDBOX_ADMIN_TOKEN);
    }
    const { startRunTarget, runOptionsOf, newRunId } = await import('../../playwright/prepare-run.js');
    const target = await startRunTarget({ project, environment, seed, baseUrlGiven: true });
    const { preflight } = await import('../../playwright/preflight.js');
    const check = await preflight(target.probe);
    if (!check.ok) {
      output.err(
        `✗ Preflight failed: the target ${redactor.redactText(target.baseUrl)} is not healthy.\n  ${check.reason}\n  The drill did not start.`,
      );
      return EXIT.targetDown;
    }
    operationEnv.REHEARSE_BASE_URL = target.baseUrl;
    // The engine runs in this process: the embedded sandbox's tenant credentials are read from its environment.
    Object.assign(process.env, embedded?.secretEnv ?? {});
    const started = Date.now();
    const outputDir = resolve(
      root,
      flags.outputDir ?? join(project.config.outputDir ?? 'reports', 'drills', drill.drill),
    );
    const runOptions = runOptionsOf({
      root,
      project,
      environment,
      baseUrl: target.baseUrl,
      runId: newRunId(started, randomBytes(3).toString('hex')),
      seed,
      startedAt: started,
      scenarios: scenarioNames,
      tenants,
      drivers: ['api'],
      reporters: [],
      outputDir,
      deployment: check.deployment,
    });
    ports = await enginePorts({ project, runOptions, matrix, tenants, baseUrl: target.baseUrl, output });
    output.err(
      `Target ${redactor.redactText(target.baseUrl)} is healthy. Drill ${drill.drill} (${loaded.drill.file}), seed ${seed}.`,
    );
    // Traffic from here on (and the embedded sandbox serving it): optimised as V8 does by default.
    startUpDone();
    const { runDrill, renderDrillHtml, renderDrillText } = await import('../../drill/index.js');
    const results = await runDrill({
      loaded: loaded.drill,
      ports,
      tenants,
      environment: { name: environment.name, baseUrl: target.baseUrl, allowedHosts: environment.allowedHosts },
      operationEnv,
      redact: (text) => redactor.redactText(text),
      signal: stop.signal,
    });
    mkdirSync(outputDir, { recursive: true });
    const json = join(outputDir, 'drill-results.json');
    writeFileSync(json, `${redactor.redactText(JSON.stringify(results, null, 2))}\n`);
    writeFileSync(join(outputDir, 'drill.html'), redactor.redactText(renderDrillHtml(results)));
    output.out(renderDrillText(results).trimEnd());
    const { compareDrills, renderComparisonText, renderDrillMarkdown } = await import('../../drill/index.js');
    const comparison = previous ? compareDrills(results, previous) : undefined;
    if (comparison && flags.compare !== undefined) {
      if (previous!.drill !== results.drill)
        output.err(
          `⚠ ${flags.compare} is a run of drill ${previous!.drill}, not ${results.drill}: compared all the same.`,
        );
      output.out(redactor.redactText(renderComparisonText(comparison, flags.compare)).trimEnd());
    }
    appendStepSummary(redactor.redactText(renderDrillMarkdown(results, comparison)), output);
    const summary = await mergeIntoSummary({
      results,
      resultsFile: json,
      dir: resolve(root, flags.summaryDir ?? join(project.config.outputDir ?? 'reports', 'summary')),
      run: {
        id: runOptions.runId,
        environment: environment.name,
        targetUrl: redactor.redactText(target.baseUrl),
        seed,
      },
      deployment: check.deployment ?? {},
      redact: (text) => redactor.redactText(text),
      output,
    });
    output.err(
      `Results: ${relative(process.cwd(), json)}  ${relative(process.cwd(), join(outputDir, 'drill.html'))}${summary ? `  ${relative(process.cwd(), summary)}` : ''}`,
    );
    if (signalled) return signalled === 'SIGINT' ? EXIT.interrupted : 143;
    if (results.status === 'target-down') return EXIT.targetDown;
    if (!results.verdicts.length) output.err('⚠ No threshold judged this drill: add thresholds: to the drill file.');
    const failed = results.verdicts.filter((v) => !v.passed);
    if (failed.length) output.err(`✗ ${failed.length} of ${results.verdicts.length} check(s) did not hold.`);
    return failed.length ? EXIT.failed : EXIT.passed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await ports?.close();
    await embedded?.close();
  }
}

/**
 * An earlier drill's `drill-results.json`, for `--compare`.
 *
 * @throws RehearseError `REHEARSE_DRILL_COMPARE_UNREADABLE` when the file cannot be read or is no
 * drill results of this version (schemas/drill-results.schema.json).
 */
async function readEarlierResults(file: string): Promise<DrillResults> {
  const [{ readFileSync }, { Value }, { DrillResultsSchema }] = await Promise.all([
    import('node:fs'),
    import('../../core/typebox.js'),
    import('../../schema/index.js'),
  ]);
  const refuse = (why: string) =>
    new RehearseError('REHEARSE_DRILL_COMPARE_UNREADABLE', `Failed to read ${file} for --compare: ${why}.`, {
      hint: 'Give the drill-results.json an earlier `rehearse drill` wrote (reports/drills/<drill>/drill-results.json).',
    });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(process.cwd(), file), 'utf8'));
  } catch (error) {
    throw refuse(error instanceof Error ? error.message.replace(/\.$/, '') : String(error));
  }
  const first = Value.Errors(DrillResultsSchema, json).First();
  if (first) throw refuse(`it is no drill results of schemaVersion 1 (at ${first.path || '/'}: ${first.message})`);
  return json as DrillResults;
}

/**
 * Appends the drill's Markdown summary to the file `$GITHUB_STEP_SUMMARY` names (GitHub Actions
 * shows it on the job's page). A file that cannot be written costs the summary only: said on stderr.
 */
function appendStepSummary(markdown: string, output: Output): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, markdown);
  } catch (error) {
    output.err(
      `⚠ Failed to append the drill's summary to $GITHUB_STEP_SUMMARY (${file}): ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

/**
 * Merges the drill's figures into the business summary in `dir` (see `writeDrillIntoSummary`);
 * returns the summary.json written. The drill's own files are written already: a summary that
 * cannot be written is said on stderr and costs the summary only, not the drill's exit code.
 */
async function mergeIntoSummary(input: {
  results: DrillResults;
  resultsFile: string;
  dir: string;
  run: DrillRun;
  deployment: Record<string, unknown>;
  redact: (text: string) => string;
  output: Output;
}): Promise<string | undefined> {
  try {
    const { drillSummaryOf, writeDrillIntoSummary } = await import('../../report/index.js');
    const drill = drillSummaryOf(input.results, relative(input.dir, input.resultsFile).split(sep).join('/'));
    const written = writeDrillIntoSummary({
      dir: input.dir,
      // The summary is read by people and other tools: masked as drill-results.json is.
      drill: JSON.parse(input.redact(JSON.stringify(drill))) as typeof drill,
      run: input.run,
      deployment: JSON.parse(input.redact(JSON.stringify(input.deployment))) as Record<string, unknown>,
    });
    if (written.problem)
      input.output.err(`⚠ ${written.problem}: kept as previous-summary.json; the drill's figures start a new summary.`);
    return written.file;
  } catch (error) {
    input.output.err(
      `⚠ Failed to write the business summary in ${input.dir}: ${error instanceof Error ? error.message : String(error)}. drill-results.json has every figure.`,
    );
    return undefined;
  }
}

/**
 * Opens the embedded sandbox in a thread of its own (as `rehearse sandbox` does: the drill's
 * traffic and the sandbox's answers do not share one event loop) with an admin token this
 * command knows, for shell and HTTP operations; fills `environment` as `startRunTarget` would.
 */
async function startEmbedded(
  project: Project,
  environment: ResolvedEnvironment,
  seed: string,
  operationEnv: Record<string, string>,
  output: Output,
): Promise<EmbeddedTarget> {
  output.err(`Starting the embedded ${environment.embedded}…`);
  const adminToken = randomBytes(24).toString('hex');
  const { startSandboxThread } = await import('../../../sandbox/thread/sandbox-thread.js');
  const opening = startSandboxThread({ adminToken, seed });
  const { startEmbeddedTarget } = await import('../../playwright/embedded-target.js');
  const embedded = await startEmbeddedTarget({ project, seed, sandbox: { opening, adminToken } });
  const { adoptEmbeddedTarget } = await import('../../playwright/prepare-run.js');
  adoptEmbeddedTarget(environment, embedded);
  operationEnv.REHEARSE_SANDBOX_URL = embedded.baseUrl;
  operationEnv.REHEARSE_SANDBOX_ADMIN_TOKEN = adminToken;
  return embedded;
}

/**
 * The drill's ports through the engine: a transaction is one pass of a scenario as a load
 * iteration runs it (`scenarioRun`: its engine context, cleanup within its budget, one runner per
 * scenario × tenant so each pass is the next repeat), keeping the values its steps saved; reads
 * go through one API session per tenant (its auth, allowedHosts).
 */
async function enginePorts(input: {
  project: Project;
  runOptions: RunOptions;
  matrix: MatrixEntry[];
  tenants: readonly string[];
  baseUrl: string;
  output: Output;
}): Promise<DrillPorts & { close(): Promise<void> }> {
  const { createEngineContext, newRunRedactor } = await import('../../playwright/engine-factory.js');
  const { iterationOutcome, savedValues, scenarioRun } = await import('../load-iteration.js');
  const { project, runOptions } = input;
  const redactor = newRunRedactor(runOptions);
  const runners = new Map<MatrixEntry, ScenarioRun>();
  const runnerOf = (tenant: string, scenario: string) => {
    const entry = input.matrix.find((e) => e.tenant === tenant && e.scenario.name === scenario);
    if (!entry) throw new Error(`${scenario} does not run for tenant ${tenant} through the api driver`);
    let runner = runners.get(entry);
    if (!runner) runners.set(entry, (runner = scenarioRun({ project, options: runOptions, entry, redactor })));
    return runner;
  };
  const readers = new Map<string, Awaited<ReturnType<typeof createEngineContext>>>();
  for (const tenant of input.tenants) {
    const entry = input.matrix.find((e) => e.tenant === tenant)!;
    readers.set(tenant, await createEngineContext({ project, options: runOptions, entry, redactor }));
  }
  const transact: DrillPorts['transact'] = async ({ tenant, scenario, signal }) => {
    let result: ScenarioResult;
    try {
      result = await runnerOf(tenant, scenario)(signal);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { passed: false, failure: 'setup', cause: redactor.redactText(message), saved: {} };
    }
    const outcome = iterationOutcome(result);
    const out: TransactionOutcome = { passed: outcome.passed, saved: savedValues(result) };
    if (outcome.failure !== undefined) out.failure = outcome.failure;
    const cause = outcome.passed ? undefined : failureCause(result);
    if (cause !== undefined) out.cause = redactor.redactText(cause);
    return out;
  };
  const read: DrillPorts['read'] = async ({ tenant, path, signal }) => {
    const reader = readers.get(tenant);
    if (!reader) return { error: `no session for tenant ${tenant}` };
    const result = await reader.engine.transport.send({
      method: 'GET',
      url: new URL(path, input.baseUrl).href,
      signal,
      timeoutMs: 15_000,
    });
    return result.ok ? { status: result.response.status, json: result.response.json } : { error: result.error.message };
  };
  return {
    transact,
    read,
    log: (line) => input.output.err(line),
    close: async () => {
      await Promise.all([...readers.values()].map((r) => r.close()));
    },
  };
}

/** A cause longer than this is cut: a page of HTML from a proxy says no more in its first line. */
const MAX_CAUSE = 200;

/**
 * What the target answered at a scenario's first failure (the step `failureKey` names): the
 * HTTP status of the step's last answer with the API's `{ error: { code, message } }` (or a
 * top-level `code`/`message`), else the network error, else the failed check's actual value or
 * the step's error. The exchanges are redacted by the driver already; the caller redacts again
 * with the run's rules. `undefined` when the result holds nothing more than its key.
 *
 * @example
 * failureCause(result); // '503 RESTARTING: The release is restarting; retry shortly.'
 */
export function failureCause(result: ScenarioResult): string | undefined {
  const failing = (steps: readonly StepResult[]): StepResult | undefined => {
    for (const step of steps) {
      if (step.status !== 'failed' && step.status !== 'errored') continue;
      return (step.children?.length ? failing(step.children) : undefined) ?? step;
    }
    return undefined;
  };
  const step = failing(result.steps);
  if (!step) return result.failure?.message;
  const exchange = [...step.exchanges].reverse().find((e) => e.response || e.error);
  let cause: string | undefined;
  const check = step.checks.find((c) => !c.passed);
  if (exchange?.response) {
    const said = errorOf(exchange.response.body);
    cause = `${exchange.response.status}${said ? ` ${said}` : ''}`;
    // A 2xx the step still failed on: the failed check says why (too slow, a wrong value), not the status.
    if (!said && exchange.response.status < 300 && check) cause += `, but ${checkText(check)}`;
  } else if (exchange?.error) cause = exchange.error;
  else if (check) cause = checkText(check);
  else if (step.error) cause = `${step.error.code}: ${step.error.message}`;
  cause ??= result.failure?.message;
  return cause === undefined ? undefined : cause.length > MAX_CAUSE ? `${cause.slice(0, MAX_CAUSE - 1)}…` : cause;
}

/** A failed check as a cause: the check's own message for a duration, else what it got and expected. */
function checkText(check: StepResult['checks'][number]): string {
  return check.matcher === 'maxDuration'
    ? check.message
    : `${check.path}: got ${JSON.stringify(check.actual)}, expected ${JSON.stringify(check.expected)}`;
}

/** `CODE: message` from an error body (`{ error: { code, message } }`, `{ code, message }`, `{ error: 'text' }`). */
function errorOf(body: string | undefined): string | undefined {
  if (!body) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const top = json as Record<string, unknown>;
  const inner = typeof top.error === 'object' && top.error !== null ? (top.error as Record<string, unknown>) : top;
  if (typeof top.error === 'string') return top.error;
  const code = typeof inner.code === 'string' ? inner.code : undefined;
  const message = typeof inner.message === 'string' ? inner.message : undefined;
  return code && message ? `${code}: ${message}` : (code ?? message);
}
