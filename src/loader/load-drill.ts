import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { didYouMean, suggestionHint } from '../core/did-you-mean.js';
import { parseDuration } from '../core/duration.js';
import { validateWithSchema } from '../core/schema-validate.js';
import type { YamlSource } from '../core/yaml-source.js';
import {
  DRILL_PHASE_SCHEMAS,
  DrillFileForLoading,
  type Drill,
  type DrillPhase,
  type DrillPhaseKey,
  type DrillThresholdName,
  type DrillThresholdValue,
} from '../schema/index.js';
import { parseDrillThreshold, thresholdHint, type DrillThreshold } from './drill-threshold.js';
import type { LoadContext } from './load-context.js';
import { parseProjectFile } from './parse-file.js';
import type { Project } from './project.js';

/** A drill file that passed every check, with its thresholds read. */
export interface LoadedDrill {
  /** Path relative to the project root (as diagnostics show it). */
  file: string;
  drill: Drill;
  thresholds: DrillThreshold[];
  /** Each phase's `file:line:col`, for the timeline and messages. */
  phaseLocations: string[];
}

export interface DrillLoadResult {
  drill: LoadedDrill | undefined;
  diagnostics: Diagnostic[];
  /** Source text by file, for code frames. */
  sources: Map<string, string>;
}

const PHASE_KEYS = Object.keys(DRILL_PHASE_SCHEMAS) as DrillPhaseKey[];

/** The shortest `traffic.every`: 10ms, i.e. ratePerSecond's maximum of 100 a second per tenant. */
const MIN_EVERY_MS = 10;

/**
 * Reads and checks a `drills/*.drill.yaml` file against a loaded project: the schema (each phase
 * against its own kind, so a mistake in an operation is not reported as four union branches),
 * then what the schema cannot say — one of `run:`/`http:` per operation, one of
 * `ratePerSecond`/`every`, scenario, tenant and environment names (with a did-you-mean), the
 * saved values `records:` read, and each threshold's unit. Every problem is a positioned
 * diagnostic; the drill is returned only when there are none.
 * Codes: the schema's, `REHEARSE_DRILL_PHASE_KIND`, `REHEARSE_DRILL_OPERATION`, `REHEARSE_DRILL_RATE`,
 * `REHEARSE_UNKNOWN_SCENARIO`, `REHEARSE_UNKNOWN_TENANT`, `REHEARSE_UNKNOWN_ENVIRONMENT`,
 * `REHEARSE_DRILL_DRIVER`, `REHEARSE_DRILL_RECORD_NOT_SAVED`, `REHEARSE_DRILL_THRESHOLD`.
 *
 * @example
 * const { drill, diagnostics } = loadDrill(project, 'drills/restore.drill.yaml');
 */
export function loadDrill(project: Project, path: string): DrillLoadResult {
  const absolute = isAbsolute(path) ? path : resolve(project.root, path);
  const file = relative(project.root, absolute).split(sep).join('/');
  const load: LoadContext = { root: project.root, diagnostics: [], sources: new Map() };
  const parsed = parseProjectFile<Drill>(load, file, DrillFileForLoading);
  const done = (drill?: LoadedDrill): DrillLoadResult => ({
    drill: load.diagnostics.some((d) => d.severity !== 'warning') ? undefined : drill,
    diagnostics: load.diagnostics,
    sources: load.sources,
  });
  if (!parsed.valid) return done();
  const source = parsed.source;
  const drill = parsed.value;
  const problem = (path: Array<string | number>, code: string, message: string, hint?: string, key = false) =>
    load.diagnostics.push({
      code,
      message,
      ...source.locate(path, { key }),
      path: path.join('.'),
      ...(hint ? { hint } : {}),
    });

  drill.phases.forEach((phase, index) => checkPhase(phase, index, source, load.diagnostics, problem));

  if (drill.traffic.ratePerSecond !== undefined && drill.traffic.every !== undefined)
    problem(
      ['traffic', 'every'],
      'REHEARSE_DRILL_RATE',
      'Failed to read the traffic: both ratePerSecond and every say how often a transaction starts.',
      'Keep one: ratePerSecond: 2, or every: 500ms.',
      true,
    );

  // ratePerSecond's range is the schema's (more than 0, at most 100); `every` is its inverse and is
  // held to the same bound here: 0s would start transactions in a busy loop and flood the target
  // (and the drill's own event loop) rather than measure it.
  const everyMs = drill.traffic.every === undefined ? undefined : parseDuration(drill.traffic.every);
  if (everyMs !== undefined && everyMs < MIN_EVERY_MS)
    problem(
      ['traffic', 'every'],
      'REHEARSE_DRILL_RATE',
      `Failed to read traffic.every: ${drill.traffic.every} ${everyMs <= 0 ? 'would start transactions without pause' : `is ${Math.round(1000 / everyMs)} transactions a second per tenant`}; expected at least ${MIN_EVERY_MS}ms (at most ${1000 / MIN_EVERY_MS} a second, as ratePerSecond).`,
      'Steady traffic is a trickle that shows the operation, not a load test: every: 1s, or ratePerSecond: 2 (rehearse load is for load).',
    );

  const scenarioNames = project.scenarios.map((s) => s.scenario.name);
  const tenantNames = [...project.tenants.keys()];
  const scenarioRefs: Array<{ name: string; path: Array<string | number> }> = [
    ...drill.traffic.scenarios.map((name, i) => ({ name, path: ['traffic', 'scenarios', i] })),
    ...drill.phases.flatMap((phase, p) =>
      'scenarios' in phase && Array.isArray(phase.scenarios)
        ? phase.scenarios.map((name, i) => ({ name: String(name), path: ['phases', p, 'scenarios', i] }))
        : [],
    ),
  ];
  for (const { name, path } of scenarioRefs) {
    const loaded = project.scenarios.find((s) => s.scenario.name === name);
    if (!loaded)
      problem(
        path,
        'REHEARSE_UNKNOWN_SCENARIO',
        `Failed to find scenario "${name}".`,
        suggestionHint(name, scenarioNames, 'scenario'),
      );
    else if (!(loaded.scenario.drivers ?? ['api']).includes('api'))
      problem(
        path,
        'REHEARSE_DRILL_DRIVER',
        `Failed to use scenario "${name}" in a drill: it does not run through the api driver.`,
        `Drills run scenarios through the API driver; add api to its drivers (${loaded.file}).`,
      );
  }
  const tenantRefs = [
    ...(drill.traffic.tenants ?? []).map((name, i) => ({ name, path: ['traffic', 'tenants', i] })),
    ...drill.phases.flatMap((phase, p) =>
      'tenants' in phase && Array.isArray(phase.tenants)
        ? phase.tenants.map((name, i) => ({ name: String(name), path: ['phases', p, 'tenants', i] }))
        : [],
    ),
  ];
  for (const { name, path } of tenantRefs)
    if (!project.tenants.has(name))
      problem(
        path,
        'REHEARSE_UNKNOWN_TENANT',
        `Failed to find tenant profile "${name}".`,
        suggestionHint(name, tenantNames, 'tenant profile'),
      );
  if (drill.environment !== undefined && !Object.hasOwn(project.config.environments, drill.environment))
    problem(
      ['environment'],
      'REHEARSE_UNKNOWN_ENVIRONMENT',
      `Failed to find environment "${drill.environment}" in rehearse.config.yaml.`,
      suggestionHint(drill.environment, Object.keys(project.config.environments), 'environment'),
    );

  const saved = savedNames(project, drill.traffic.scenarios);
  for (const [name, record] of Object.entries(drill.records ?? {}))
    if (!saved.has(record.saved))
      problem(
        ['records', name, 'saved'],
        'REHEARSE_DRILL_RECORD_NOT_SAVED',
        `Failed to reconcile ${name} records: no traffic scenario saves "${record.saved}".`,
        didYouMean(record.saved, saved)
          ? `Did you mean "${didYouMean(record.saved, saved)}"?`
          : `The traffic scenarios save: ${[...saved].sort().join(', ') || 'nothing'}.`,
      );

  const thresholds: DrillThreshold[] = [];
  for (const [figure, value] of Object.entries(drill.thresholds ?? {}) as Array<
    [DrillThresholdName, DrillThresholdValue]
  >) {
    const read = parseDrillThreshold(figure, value);
    if (typeof read === 'string')
      problem(
        ['thresholds', figure],
        'REHEARSE_DRILL_THRESHOLD',
        `Failed to read threshold ${figure}: ${read}.`,
        thresholdHint(figure),
      );
    else thresholds.push(read);
  }
  const recovers = drill.phases.some(
    (phase) => 'operation' in phase && 'kind' in phase && (phase.kind === 'restore' || phase.kind === 'rollback'),
  );
  if (drill.thresholds?.rto !== undefined && !recovers)
    problem(
      ['thresholds', 'rto'],
      'REHEARSE_DRILL_THRESHOLD',
      'Failed to read threshold rto: no operation of this drill is a restore or a rollback, where the RTO clock starts.',
      'Mark the recovery operation with kind: restore (or kind: rollback), or drop the rto threshold.',
    );
  const phaseLocations = drill.phases.map((_, i) => {
    const at = source.locate(['phases', i]);
    return `${file}:${at.line}:${at.column}`;
  });
  return done({ file, drill, thresholds, phaseLocations });
}

/** A phase is named by exactly one of its kind keys; it is then checked against that kind's schema. */
function checkPhase(
  phase: unknown,
  index: number,
  source: YamlSource,
  diagnostics: Diagnostic[],
  problem: (path: Array<string | number>, code: string, message: string, hint?: string, key?: boolean) => void,
): void {
  const path = ['phases', index];
  if (!phase || typeof phase !== 'object' || Array.isArray(phase)) {
    problem(path, 'REHEARSE_DRILL_PHASE_KIND', 'Failed to read the phase: a phase is a mapping.', phaseHint());
    return;
  }
  const keys = Object.keys(phase);
  const kinds = PHASE_KEYS.filter((k) => keys.includes(k));
  if (kinds.length !== 1) {
    const unknown = keys.find(
      (k) => !['name', 'kind', 'tenants', 'within'].includes(k) && !PHASE_KEYS.includes(k as DrillPhaseKey),
    );
    const guess = unknown ? didYouMean(unknown, PHASE_KEYS) : undefined;
    problem(
      unknown && kinds.length === 0 ? [...path, unknown] : path,
      'REHEARSE_DRILL_PHASE_KIND',
      kinds.length
        ? `Failed to read the phase: it has ${kinds.join(' and ')}; a phase is one of them.`
        : `Failed to read the phase: it has none of ${PHASE_KEYS.join(', ')}${unknown ? ` ("${unknown}" is none of them)` : ''}.`,
      guess ? `Did you mean "${guess}"?` : phaseHint(),
      Boolean(unknown && kinds.length === 0),
    );
    return;
  }
  const kind = kinds[0]!;
  const problems = validateWithSchema(DRILL_PHASE_SCHEMAS[kind], source, { basePath: path, value: phase });
  diagnostics.push(...problems);
  if (problems.length || kind !== 'operation') return;
  const operation = (phase as Extract<DrillPhase, { operation: unknown }>).operation;
  const ways = ['run', 'http'].filter((k) => k in operation);
  if (ways.length !== 1)
    problem(
      [...path, 'operation'],
      'REHEARSE_DRILL_OPERATION',
      ways.length
        ? 'Failed to read the operation: it has both run: and http:.'
        : 'Failed to read the operation: it has neither run: (a shell command) nor http: (a call to an ops endpoint).',
      'operation: { run: "npx rehearse sandbox op restore latest", timeout: 2m }',
    );
}

function phaseHint(): string {
  return 'A phase is one of: { operation: { run | http, timeout }, kind }, { scenarios: [...] }, { wait: 5s }, { check: recovered }.';
}

/** Every name a `save:` of these scenarios (their steps, at any depth) captures. */
function savedNames(project: Project, scenarios: readonly string[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'save' && value && typeof value === 'object' && !Array.isArray(value))
          for (const name of Object.keys(value)) names.add(name);
        else visit(value);
      }
    }
  };
  for (const loaded of project.scenarios) if (scenarios.includes(loaded.scenario.name)) visit(loaded.scenario.steps);
  return names;
}
