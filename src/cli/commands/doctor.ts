import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { packageRoot } from '../../core/package-root.js';
import { loadProject } from '../../loader/load-project.js';
import { DEFAULT_CONFIG } from '../../loader/project.js';
import { describeBrowser, describeSource, type BrowserReport } from '../browser-report.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';

export interface DoctorOptions {
  dir: string;
  /** The environment whose secrets are checked (default: the config's `defaultEnvironment`). */
  env?: string;
  format: 'text' | 'json';
  /** The process environment (`CHROMIUM_PATH`, the `env:` references); default `process.env`. */
  processEnv?: NodeJS.ProcessEnv;
}

/** One thing in the way of a run, with how to fix it. */
export interface DoctorProblem {
  area: 'node' | 'browser' | 'project' | 'environment';
  message: string;
  hint?: string;
  code?: string;
  file?: string;
  line?: number;
  column?: number;
}

/** `rehearse doctor --format json` prints this. */
export interface DoctorReport {
  ok: boolean;
  node: { version: string; required: string; ok: boolean };
  browser: BrowserReport;
  project: {
    root: string;
    loads: boolean;
    scenarios?: number;
    actions?: number;
    fragments?: number;
    tenants?: number;
    /** Scenarios per driver (`drivers:`, default `[api]`). */
    drivers?: Record<string, number>;
  };
  environments: {
    /** The one checked: `--env`, else `defaultEnvironment`, else `sandbox`. */
    selected: string;
    list: Array<{ name: string; target: string; description?: string }>;
    /** Secret references and `env:` URLs of the selected environment that do not resolve on this machine. */
    unset: Array<{ ref: string; code: string; file?: string; line?: number; column?: number }>;
  };
  problems: DoctorProblem[];
  warnings: string[];
}

/** What the selected environment needs from the machine, as `checkSelectedEnvironment` reports it. */
const MACHINE_CODES = new Set(['REHEARSE_ENV_VAR_MISSING', 'REHEARSE_SECRET_MISSING', 'REHEARSE_HOST_NOT_ALLOWED']);

/**
 * `rehearse doctor`: what this machine and project give a run — the Node version against
 * package.json's `engines`, the browser UI runs would launch (`findBrowser`) and its
 * `--version`, whether the project loads (counts of scenarios, tenants, scenarios per driver),
 * the environments, and the secret references the selected environment needs that are unset.
 * Returns `EXIT.passed` when nothing is in the way, else `EXIT.invalid` with every problem listed.
 */
export async function doctorCommand(options: DoctorOptions, output: Output): Promise<number> {
  const env = options.processEnv ?? process.env;
  const report = await diagnose(options, env);
  if (options.format === 'json') output.out(JSON.stringify(report, null, 2));
  else printReport(report, output);
  return report.ok ? EXIT.passed : EXIT.invalid;
}

async function diagnose(options: DoctorOptions, env: NodeJS.ProcessEnv): Promise<DoctorReport> {
  const problems: DoctorProblem[] = [];
  const warnings: string[] = [];

  const required =
    (
      JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
        engines?: { node?: string };
      }
    ).engines?.node ?? '>=20';
  const nodeOk = satisfiesMinimum(process.versions.node, required);
  if (!nodeOk)
    problems.push({
      area: 'node',
      message: `Node ${process.versions.node} is older than Rehearse needs (${required}).`,
      hint: 'Install a newer Node (https://nodejs.org, or `nvm install 22`).',
    });

  const browser = await describeBrowser(env);
  warnings.push(...browser.notes);
  if (!browser.found)
    problems.push({
      area: 'browser',
      message:
        "No Chromium found: not Playwright's own, not CHROMIUM_PATH, not /usr/bin/chromium; UI runs cannot start.",
      hint: 'Run `npx playwright install chromium` (or `sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chromium binary.',
    });
  else if (browser.versionProblem)
    problems.push({
      area: 'browser',
      message: `The ${describeSource(browser.source!)} does not start: ${browser.versionProblem}.`,
      hint: 'Reinstall it (`npx playwright install chromium`), or point CHROMIUM_PATH at a Chromium that runs.',
    });

  const root = resolve(options.dir);
  const loaded = loadProject({ root, ...(options.env ? { environment: options.env } : {}), machine: { env } });
  const errors = loaded.diagnostics.filter((d) => d.severity !== 'warning');
  const machine = errors.filter((d) => MACHINE_CODES.has(d.code));
  const files = errors.filter((d) => !MACHINE_CODES.has(d.code));
  for (const d of files) problems.push({ area: 'project', ...fromDiagnostic(d) });
  for (const d of machine) problems.push({ area: 'environment', ...fromDiagnostic(d) });

  // The project loads when only the machine is missing something: count it anyway.
  const p =
    loaded.project ??
    (files.length === 0
      ? loadProject({ root, ...(options.env ? { environment: options.env } : {}) }).project
      : undefined);
  const project: DoctorReport['project'] = { root, loads: p !== undefined };
  if (p) {
    const drivers: Record<string, number> = {};
    for (const { scenario } of p.scenarios)
      for (const driver of scenario.drivers ?? ['api']) drivers[driver] = (drivers[driver] ?? 0) + 1;
    Object.assign(project, {
      scenarios: p.scenarios.length,
      actions: p.actions.size,
      fragments: p.fragments.size,
      tenants: p.tenants.size,
      drivers,
    });
  }
  const config = p?.config ?? DEFAULT_CONFIG;
  const selected = options.env ?? config.defaultEnvironment ?? 'sandbox';
  const list = Object.entries(config.environments).map(([name, e]) => ({
    name,
    target: e.embedded ? `embedded ${e.embedded}` : (e.baseUrl ?? '(no baseUrl)'),
    ...(e.description ? { description: e.description } : {}),
  }));
  const unset = machine.map((d) => ({
    ref: refOf(d),
    code: d.code,
    ...(d.file ? { file: d.file, line: d.line, column: d.column } : {}),
  }));

  return {
    ok: problems.length === 0,
    node: { version: process.versions.node, required, ok: nodeOk },
    browser,
    project,
    environments: { selected, list, unset },
    problems,
    warnings,
  };
}

function fromDiagnostic(d: Diagnostic): Omit<DoctorProblem, 'area'> {
  return {
    message: d.message,
    code: d.code,
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.file ? { file: d.file, line: d.line, column: d.column } : {}),
  };
}

/** The reference a machine diagnostic is about: `env:NAME` or `file:path`, read from its message. */
function refOf(d: Diagnostic): string {
  const secret = /secret "([^"]+)"/.exec(d.message);
  if (secret) return secret[1]!;
  const variable = /: (\w+) is not set/.exec(d.message);
  return variable ? `env:${variable[1]}` : (d.path ?? d.code);
}

/** `>=20.18` style minimums only (what package.json's `engines` says); anything else passes. */
function satisfiesMinimum(version: string, range: string): boolean {
  const min = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!min) return true;
  const have = version.split('.').map(Number);
  const want = [Number(min[1]), Number(min[2] ?? 0), Number(min[3] ?? 0)];
  for (let i = 0; i < 3; i++) if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i]!;
  return true;
}

function printReport(r: DoctorReport, output: Output): void {
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  output.out(`${mark(r.node.ok)} Node ${r.node.version} (Rehearse needs ${r.node.required})`);
  const b = r.browser;
  if (b.found)
    output.out(
      `${mark(!b.versionProblem)} Browser: ${describeSource(b.source!)} at ${b.path ?? '(unknown path)'}${b.version ? ` — ${b.version}` : ''}`,
    );
  else output.out('✗ Browser: none found');
  for (const note of b.notes) output.out(`  ! ${note}`);
  const p = r.project;
  if (p.loads) {
    const drivers = Object.entries(p.drivers ?? {})
      .map(([d, n]) => `${d} ${n}`)
      .join(', ');
    output.out(
      `✓ Project ${p.root}: ${p.scenarios} scenario(s), ${p.actions} action(s), ${p.fragments} fragment(s), ${p.tenants} tenant profile(s); scenarios per driver: ${drivers || 'none'}`,
    );
  } else {
    const count = r.problems.filter((x) => x.area === 'project').length;
    output.out(
      `✗ Project ${p.root} does not load: ${count} problem(s) (\`rehearse validate\` shows them with code frames)`,
    );
  }
  output.out(`  Environments (checked: ${r.environments.selected}):`);
  for (const e of r.environments.list)
    output.out(`    ${e.name === r.environments.selected ? '*' : ' '} ${e.name}: ${e.target}`);
  if (r.environments.unset.length === 0)
    output.out(`✓ Environment ${r.environments.selected}: every secret reference and env: URL it needs is set`);
  else
    output.out(`✗ Environment ${r.environments.selected}: unset ${r.environments.unset.map((u) => u.ref).join(', ')}`);
  if (r.problems.length === 0) {
    output.out('\nAll well: `rehearse run` can start here.');
    return;
  }
  output.err(`\n${r.problems.length} problem(s):`);
  for (const x of r.problems) {
    const at = x.file ? ` (${x.file}${x.line ? `:${x.line}:${x.column}` : ''})` : '';
    output.err(`  - [${x.area}] ${x.message}${at}${x.hint ? `\n    hint: ${x.hint}` : ''}`);
  }
}
