import { statSync, type Stats } from 'node:fs';
import type { Diagnostic } from '../core/diagnostic.js';
import type { UserFileBytes } from '../core/read-user-file.js';
import { suggestionHint } from '../core/did-you-mean.js';
import { ConfigSchema, type RehearseConfig } from '../schema/index.js';
import type { ProjectIndex } from './check-context.js';
import { checkConfig } from './check-config.js';
import { checkRecursion } from './check-recursion.js';
import { checkSecretFiles } from './check-secret-files.js';
import { checkBorrowedCredentials } from './check-borrowed-credentials.js';
import { checkDefaultHeaders, checkLoginAuth } from './check-session-settings.js';
import { checkUiLogin } from './check-ui-login.js';
import { checkSelectedEnvironment, type SelectedEnvironmentOptions } from './check-selected-environment.js';
import { checkTenantFaults } from './check-tenant-faults.js';
import type { LoadContext } from './load-context.js';
import { loadDataSchemas } from './load-data-schemas.js';
import { loadDefinitions } from './load-definitions.js';
import { checkDrills } from './check-drills.js';
import { loadEdiTemplates } from './load-edi-templates.js';
import { loadPageObjects } from './load-page-objects.js';
import { loadScenarios } from './load-scenarios.js';
import { loadTenants } from './load-tenants.js';
import { loadVirtualPartners } from './load-virtual-partners.js';
import { parseProjectFile, type ParsedFile } from './parse-file.js';
import { projectDigest } from './project-digest.js';
import { findProjectFiles } from './project-files.js';
import { DEFAULT_CONFIG, type Project } from './project.js';
import { collectSecretRefs } from './secret-refs.js';
import { numericScalarWarnings } from './numeric-scalar-warnings.js';
import { checkSteps } from './step-checks.js';
import { checkTemplates, BUILTIN_NAMES } from './template-checks.js';

export interface LoadOptions {
  root: string;
  /** The selected environment (`--env`); default `defaultEnvironment`, else `sandbox`. */
  environment?: string;
  /**
   * Also check what the selected environment needs from this machine: its `env:` variables
   * and secret files (`validate` and `run` ask for it; Playwright's workers, started by a run
   * that did, do not).
   */
  machine?: MachineChecks;
  /**
   * The `digest` of an earlier load of this project that found it valid (`rehearse run` hands
   * it to Playwright's processes). When the files read now have that digest, the JSON Schema
   * checks are skipped: they would find nothing new, and they are most of a first load's cost.
   */
  trustedDigest?: string;
  /**
   * Leave the page objects (`pages/`) out — not imported, and `ui: { page: }` steps not checked
   * against them — when the load is trusted (`trustedDigest` matches): Playwright's runner
   * process lists the tests and runs none, and importing TypeScript through tsx costs it about
   * 0.3 s. Ignored on an untrusted load, which must check every page call.
   */
  skipPageObjects?: boolean;
}

/** What the machine checks read besides the files. */
export interface MachineChecks {
  /** The process environment `env:` references read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** `--base-url`: the environment's own `baseUrl` (and its variable) is not needed. */
  baseUrl?: string;
  /** `--tenant`: only these tenants' credentials must resolve (default: every profile's). */
  tenants?: readonly string[];
}

export interface LoadResult {
  /** Present only when there are no errors. */
  project: Project | undefined;
  diagnostics: Diagnostic[];
  /** Source text by file, for code frames. */
  sources: Map<string, string>;
  /** SHA-256 of every user file read (see `projectDigest`). */
  digest: string;
}

/**
 * Loads and validates every user file of a project — everything `run` reads, so that
 * whatever `run` would refuse, `validate` refuses first, with a position: the config and
 * the selected environment, tenant profiles, actions and fragments (and cycles between
 * them), EDI templates, data schemas, the virtual partners' fault profiles, and scenarios
 * with every name they use. All problems in all files are collected; the project is
 * returned only when there are none.
 *
 * @example
 * const { project, diagnostics } = loadProject({ root: process.cwd(), environment: 'staging' });
 */
export function loadProject(options: LoadOptions): LoadResult {
  const { root } = options;
  const missing = projectDirProblem(root);
  if (missing) return { project: undefined, diagnostics: [missing], sources: new Map(), digest: '' };
  const files = findProjectFiles(root);
  const reads = new Map<string, UserFileBytes>();
  const digest = projectDigest(root, files, reads);
  const load: LoadContext = {
    root,
    diagnostics: [...files.diagnostics],
    sources: new Map(),
    parsed: [],
    trusted: options.trustedDigest === digest,
    reads,
  };

  const configFile = files.config ? parseProjectFile<RehearseConfig>(load, files.config, ConfigSchema) : undefined;
  const config = configFile?.valid ? configFile.value : DEFAULT_CONFIG;
  const envName = options.environment ?? config.defaultEnvironment ?? 'sandbox';
  // An undeclared defaultEnvironment is reported at its own line, by checkConfig.
  if (options.environment !== undefined && (configFile?.valid || !configFile))
    checkEnvironmentName(configFile, envName, load);
  const exposedEnv = Object.hasOwn(config.environments, envName) ? (config.environments[envName]!.expose ?? []) : [];

  const tenants = loadTenants(load, files.tenants);
  const { actions, fragments, definitions } = loadDefinitions(load, files.actions, files.fragments);
  const ediTemplates = loadEdiTemplates(load, files.ediTemplates);
  const dataSchemas = loadDataSchemas(load, files.dataSchemas);
  const partners = loadVirtualPartners(load);
  const pagesSkipped = load.trusted === true && options.skipPageObjects === true;
  const pages = pagesSkipped ? new Map() : loadPageObjects(load, files.pages);
  const tenantNames = tenants.complete ? [...tenants.tenants.keys()] : undefined;

  const secrets = collectSecretRefs(configFile, tenants.files);
  if (configFile?.valid) load.diagnostics.push(...checkConfig(configFile, tenantNames));
  load.diagnostics.push(...checkSecretFiles(secrets, { root, secretDirs: config.secretDirs }));
  const machine = options.machine;
  const environment: SelectedEnvironmentOptions | undefined =
    configFile?.valid && machine
      ? {
          config: configFile,
          name: envName,
          env: machine.env ?? process.env,
          ...(machine.baseUrl !== undefined ? { baseUrl: machine.baseUrl } : {}),
          ...(machine.tenants ? { tenants: machine.tenants } : {}),
          allTenants: [...tenants.tenants.keys()],
          secrets,
          root,
          ...(config.secretDirs ? { secretDirs: config.secretDirs } : {}),
        }
      : undefined;
  if (environment) load.diagnostics.push(...checkSelectedEnvironment(environment));

  const index: ProjectIndex = {
    actions,
    fragments,
    tenants: tenants.tenants,
    tenantsComplete: tenants.complete,
    partners,
    dataSchemaNames: [...dataSchemas.keys()],
    ediTemplateNames: ediTemplates.names,
    ediTemplates: ediTemplates.indexed,
    exposedEnv,
    pages,
    pagesSkipped,
    trusted: load.trusted === true,
  };
  const context = (parsed: ParsedFile<unknown>) => ({
    source: parsed.source,
    index,
    diagnostics: load.diagnostics,
    stepIds: new Map(),
  });
  for (const parsed of tenants.files) {
    checkTenantFaults(parsed.value, context(parsed));
    checkLoginAuth(parsed.value.auth, ['auth'], context(parsed));
    checkDefaultHeaders(parsed.value.headers, ['headers'], new Set(), context(parsed));
  }
  if (configFile?.valid) {
    const ctx = context(configFile);
    checkUiLogin(configFile.value, ctx);
    for (const [name, environment] of Object.entries(configFile.value.environments)) {
      checkDefaultHeaders(environment.headers, ['environments', name, 'headers'], new Set(), ctx);
      for (const [tenant, override] of Object.entries(environment.tenants ?? {}))
        checkLoginAuth(override.auth, ['environments', name, 'tenants', tenant, 'auth'], ctx);
    }
  }
  for (const definition of definitions) {
    const scope = new Set(definition.params);
    const ctx = context(definition.parsed);
    checkSteps(definition.steps, definition.stepsPath, scope, ctx);
    const loaded = definition.kind === 'action' ? actions.get(definition.name) : undefined;
    // The file's headers are rendered in each of its actions' scope.
    if (loaded?.headers) checkDefaultHeaders(loaded.headers, ['headers'], scope, ctx);
    const action = loaded?.action;
    // The action's own returns is read after whichever implementation runs: checked in the scope of each.
    if (action?.returns !== undefined)
      checkTemplates(action.returns, ['actions', definition.name, 'returns'], scope, ctx);
    if (definition.returns) checkTemplates(definition.returns.value, definition.returns.path, scope, ctx);
  }
  load.diagnostics.push(...checkRecursion(definitions));
  const scenarios = loadScenarios(load, files.scenarios, index);
  if (environment) load.diagnostics.push(...checkBorrowedCredentials(scenarios, tenants.tenants, environment));

  if (files.scenarios.length === 0) {
    load.diagnostics.push({
      code: 'REHEARSE_NO_SCENARIOS',
      message: 'No scenarios found.',
      file: 'scenarios/',
      expected: 'at least one scenarios/**/*.scenario.yaml',
      hint: 'Create scenarios/<name>.scenario.yaml, or run `rehearse init` to scaffold a project.',
    });
  }
  if (files.tenants.length === 0) {
    load.diagnostics.push({
      code: 'REHEARSE_NO_TENANTS',
      message: 'No tenant profiles found.',
      file: 'tenant-profiles/',
      expected: 'at least one tenant-profiles/*.yaml',
      hint: 'Create tenant-profiles/standard.yaml with at least "name: standard".',
    });
  }

  // After every schema check, so that each scalar's schema wish (number, text, either) is known.
  if (!load.trusted) load.diagnostics.push(...numericScalarWarnings(load.parsed ?? []));

  const candidate: Project = {
    root,
    config,
    configFile: files.config,
    scenarios,
    actions,
    fragments,
    tenants: tenants.tenants,
    dataSchemas,
    ediTemplates: ediTemplates.templates,
    pages,
    digest,
  };
  // Drills name scenarios and tenants: checked against what loaded, once everything else is.
  if (files.drills.length) {
    const drills = checkDrills(
      candidate,
      files.drills,
      load.diagnostics.some((d) => d.severity !== 'warning'),
    );
    load.diagnostics.push(...drills.diagnostics);
    for (const [file, text] of drills.sources) load.sources.set(file, text);
  }
  const diagnostics = withoutRepeats(load.diagnostics);
  const errors = diagnostics.filter((d) => d.severity !== 'warning');
  const project: Project | undefined = errors.length ? undefined : candidate;
  return { project, diagnostics, sources: load.sources, digest };
}

/** Names an expression may use anywhere, re-exported for the engine's messages. */
export { BUILTIN_NAMES };

/** The selected environment is declared (`--env stagin` is a mistake with a did-you-mean). */
function checkEnvironmentName(parsed: ParsedFile<RehearseConfig> | undefined, name: string, load: LoadContext): void {
  const environments = parsed?.value.environments ?? DEFAULT_CONFIG.environments;
  if (Object.hasOwn(environments, name)) return;
  const names = Object.keys(environments);
  load.diagnostics.push({
    code: 'REHEARSE_UNKNOWN_ENVIRONMENT',
    message: parsed
      ? `Unknown environment "${name}".`
      : `Unknown environment "${name}": the project has no rehearse.config.yaml, so only ${names.map((n) => `"${n}"`).join(', ')} exists.`,
    ...(parsed ? parsed.source.locate(['environments'], { key: true }) : {}),
    expected: `one of ${names.join(', ')}`,
    hint: parsed
      ? suggestionHint(name, names, 'environment')
      : 'Declare the environment under "environments:" in rehearse.config.yaml, or leave out --env.',
  });
}

/** The same problem found twice (a template sent by two steps) is reported once. */
function withoutRepeats(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The one problem to report when the project directory (`-C`, the working directory) is not a directory. */
function projectDirProblem(root: string): Diagnostic | undefined {
  let stats: Stats;
  try {
    stats = statSync(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      code: 'REHEARSE_PROJECT_DIR',
      message:
        code === 'ENOENT'
          ? `Failed to open the project directory ${root}: it does not exist.`
          : `Failed to open the project directory ${root}: ${code ?? String(error)}.`,
      file: root,
      expected: 'a directory holding rehearse.config.yaml, scenarios/ and tenant-profiles/',
      hint: 'Check the path given to -C (relative paths start from the working directory), or run `rehearse init <dir>` to create a project there.',
    };
  }
  if (stats.isDirectory()) return undefined;
  return {
    code: 'REHEARSE_PROJECT_DIR',
    message: `Failed to open the project directory ${root}: it is a file, not a directory.`,
    file: root,
    expected: 'a directory holding rehearse.config.yaml, scenarios/ and tenant-profiles/',
    hint: 'Give -C the directory that holds rehearse.config.yaml, not a file in it.',
  };
}
