import type { TSchema } from '@sinclair/typebox';
import { basename } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { suggestionHint } from '../core/did-you-mean.js';
import { parseJsonSource } from '../core/json-source.js';
import { readUserFile } from '../core/read-user-file.js';
import { validateWithSchema } from '../core/schema-validate.js';
import { parseYamlSource, type YamlSource } from '../core/yaml-source.js';
import {
  ActionFileSchema,
  ConfigSchema,
  EdiTemplateSchema,
  FragmentSchema,
  fileSchemaForLoading,
  ScenarioSchema,
  TenantProfileSchema,
  type ActionFile,
  type EdiTemplate,
  type Fragment,
  type RehearseConfig,
  type Scenario,
  type TenantProfile,
} from '../schema/index.js';
import { report, type CheckContext, type ProjectIndex } from './check-context.js';
import { findProjectFiles } from './project-files.js';
import {
  DEFAULT_CONFIG,
  type LoadedAction,
  type LoadedEdiTemplate,
  type LoadedFragment,
  type LoadedScenario,
  type LoadedTenant,
  type Project,
} from './project.js';
import { checkExactlyOne, checkSteps, type Scope } from './step-checks.js';
import { checkTemplates, BUILTIN_NAMES } from './template-checks.js';

export interface LoadOptions {
  root: string;
  /** Environment whose `expose` list decides which `env.NAME` are readable. */
  environment?: string;
}

export interface LoadResult {
  /** Present only when there are no errors. */
  project: Project | undefined;
  diagnostics: Diagnostic[];
  /** Source text by file, for code frames. */
  sources: Map<string, string>;
}

interface Parsed<T> {
  file: string;
  source: YamlSource;
  value: T;
  valid: boolean;
}

/**
 * Loads and validates every user file of a project. All problems in all files
 * are collected; the project is returned only when there are none.
 *
 * @example
 * const { project, diagnostics } = loadProject({ root: process.cwd() });
 */
export function loadProject(options: LoadOptions): LoadResult {
  const { root } = options;
  const files = findProjectFiles(root);
  const diagnostics: Diagnostic[] = [...files.diagnostics];
  const sources = new Map<string, string>();

  const parse = <T>(file: string, schema: TSchema): Parsed<T> => {
    const read = readUserFile(root, file);
    diagnostics.push(...read.diagnostics);
    if (read.text === undefined)
      return { file, source: parseYamlSource(file, ''), value: undefined as T, valid: false };
    const source = parseYamlSource(file, read.text);
    sources.set(file, source.text);
    diagnostics.push(...source.diagnostics);
    if (source.diagnostics.length > 0) return { file, source, value: undefined as T, valid: false };
    if (source.value === null || source.value === undefined) {
      diagnostics.push({
        code: 'REHEARSE_EMPTY_FILE',
        message: 'The file is empty.',
        file,
        line: 1,
        column: 1,
        hint: 'Add content or delete the file.',
      });
      return { file, source, value: undefined as T, valid: false };
    }
    const problems = validateWithSchema(fileSchemaForLoading(schema), source);
    diagnostics.push(...problems);
    return { file, source, value: source.value as T, valid: problems.length === 0 };
  };

  const configParsed = files.config ? parse<RehearseConfig>(files.config, ConfigSchema) : undefined;
  const config = configParsed?.valid ? configParsed.value : DEFAULT_CONFIG;
  if (configParsed?.valid) checkConfig(configParsed, diagnostics);
  const envName = options.environment ?? config.defaultEnvironment ?? 'sandbox';
  if (configParsed?.valid && !config.environments[envName]) {
    diagnostics.push({
      code: 'REHEARSE_UNKNOWN_ENVIRONMENT',
      message: `Unknown environment "${envName}".`,
      file: configParsed.file,
      ...pos(configParsed.source, ['environments'], true),
      expected: `one of ${Object.keys(config.environments).join(', ')}`,
      hint: suggestionHint(envName, Object.keys(config.environments), 'environment'),
    });
  }
  const exposedEnv = config.environments[envName]?.expose ?? [];

  const tenants = new Map<string, LoadedTenant>();
  for (const file of files.tenants) {
    const parsed = parse<TenantProfile>(file, TenantProfileSchema);
    if (!parsed.valid) continue;
    const existing = tenants.get(parsed.value.name);
    if (existing) {
      diagnostics.push(duplicate('tenant profile', parsed.value.name, parsed, ['name'], existing.origin.file));
      continue;
    }
    tenants.set(parsed.value.name, { profile: parsed.value, origin: origin(parsed, ['name']) });
  }

  const actionFiles: Parsed<ActionFile>[] = [];
  const actions = new Map<string, LoadedAction>();
  for (const file of files.actions) {
    const parsed = parse<ActionFile>(file, ActionFileSchema);
    if (!parsed.valid) continue;
    actionFiles.push(parsed);
    for (const [name, action] of Object.entries(parsed.value.actions)) {
      const existing = actions.get(name);
      if (existing) {
        diagnostics.push(duplicate('action', name, parsed, ['actions', name], existing.origin.file));
        continue;
      }
      actions.set(name, { name, action, origin: origin(parsed, ['actions', name]) });
    }
  }

  const fragmentFiles: Parsed<Fragment>[] = [];
  const fragments = new Map<string, LoadedFragment>();
  for (const file of files.fragments) {
    const parsed = parse<Fragment>(file, FragmentSchema);
    if (!parsed.valid) continue;
    fragmentFiles.push(parsed);
    const existing = fragments.get(parsed.value.name);
    if (existing) {
      diagnostics.push(duplicate('fragment', parsed.value.name, parsed, ['name'], existing.origin.file));
      continue;
    }
    fragments.set(parsed.value.name, { fragment: parsed.value, origin: origin(parsed, ['name']) });
  }

  const ediTemplates = new Map<string, LoadedEdiTemplate>();
  for (const file of files.ediTemplates) {
    const parsed = parse<EdiTemplate>(file, EdiTemplateSchema);
    if (parsed.valid) ediTemplates.set(basename(file).replace(/\.ya?ml$/, ''), { template: parsed.value, file });
  }

  const dataSchemas = loadDataSchemas(root, files.dataSchemas, diagnostics);
  const index: ProjectIndex = {
    actions,
    fragments,
    dataSchemaNames: [...dataSchemas.keys()],
    // Every template file counts as defined, so a malformed one is reported once, in its own file.
    ediTemplateNames: files.ediTemplates.map((file) => basename(file).replace(/\.ya?ml$/, '')),
    exposedEnv,
  };
  const context = (source: YamlSource): CheckContext => ({ source, index, diagnostics, stepIds: new Map() });

  for (const parsed of actionFiles) {
    for (const [name, action] of Object.entries(parsed.value.actions)) {
      const scope: Scope = new Set(Object.keys(action.params ?? {}));
      const ctx = context(parsed.source);
      checkSteps(action.api, ['actions', name, 'api'], scope, ctx);
      if (action.returns !== undefined) checkTemplates(action.returns, ['actions', name, 'returns'], scope, ctx);
    }
  }
  for (const parsed of fragmentFiles) {
    checkSteps(parsed.value.steps, ['steps'], new Set(Object.keys(parsed.value.params ?? {})), context(parsed.source));
  }

  const scenarios: LoadedScenario[] = [];
  const scenarioNames = new Map<string, string>();
  for (const file of files.scenarios) {
    const parsed = parse<Scenario>(file, ScenarioSchema);
    if (!parsed.valid) {
      // Still check the steps of a scenario with a bad header, so one run shows every problem.
      const partial = parsed.value as Partial<Scenario> | undefined;
      if (partial && typeof partial === 'object') {
        checkSteps(partial.steps, ['steps'], new Set(Object.keys(partial.vars ?? {})), context(parsed.source));
        checkSteps(partial.cleanup, ['cleanup'], new Set(Object.keys(partial.vars ?? {})), context(parsed.source));
      }
      continue;
    }
    const scenario = parsed.value;
    const previous = scenarioNames.get(scenario.name);
    if (previous) {
      diagnostics.push(duplicate('scenario', scenario.name, parsed, ['name'], previous));
      continue;
    }
    scenarioNames.set(scenario.name, file);
    const ctx = context(parsed.source);
    checkTenantSelector(scenario, parsed, tenants, diagnostics);
    for (const [partner, setup] of Object.entries(scenario.virtual ?? {}))
      checkExactlyOne(setup as Record<string, unknown>, ['virtual', partner], ['profile', 'faults'], 'virtual', ctx);
    const scope: Scope = new Set();
    for (const [name, value] of Object.entries(scenario.vars ?? {})) {
      checkTemplates(value, ['vars', name], scope, ctx);
      scope.add(name);
    }
    checkSteps(scenario.steps, ['steps'], scope, ctx);
    if (scenario.cleanup) checkSteps(scenario.cleanup, ['cleanup'], new Set(scope), ctx);
    scenarios.push({ file, scenario });
  }

  if (files.scenarios.length === 0) {
    diagnostics.push({
      code: 'REHEARSE_NO_SCENARIOS',
      message: 'No scenarios found.',
      file: 'scenarios/',
      expected: 'at least one scenarios/**/*.scenario.yaml',
      hint: 'Create scenarios/<name>.scenario.yaml, or run `rehearse init` to scaffold a project.',
    });
  }
  if (files.tenants.length === 0) {
    diagnostics.push({
      code: 'REHEARSE_NO_TENANTS',
      message: 'No tenant profiles found.',
      file: 'tenant-profiles/',
      expected: 'at least one tenant-profiles/*.yaml',
      hint: 'Create tenant-profiles/standard.yaml with at least "name: standard".',
    });
  }

  const errors = diagnostics.filter((d) => d.severity !== 'warning');
  const project: Project | undefined = errors.length
    ? undefined
    : { root, config, configFile: files.config, scenarios, actions, fragments, tenants, dataSchemas, ediTemplates };
  return { project, diagnostics, sources };
}

/** Names an expression may use anywhere, re-exported for the engine's messages. */
export { BUILTIN_NAMES };

function checkConfig(parsed: Parsed<RehearseConfig>, diagnostics: Diagnostic[]): void {
  const config = parsed.value;
  if (config.defaultEnvironment && !config.environments[config.defaultEnvironment]) {
    diagnostics.push({
      code: 'REHEARSE_UNKNOWN_ENVIRONMENT',
      message: `defaultEnvironment "${config.defaultEnvironment}" is not declared.`,
      file: parsed.file,
      ...pos(parsed.source, ['defaultEnvironment']),
      path: 'defaultEnvironment',
      expected: `one of ${Object.keys(config.environments).join(', ')}`,
      hint: suggestionHint(config.defaultEnvironment, Object.keys(config.environments), 'environment'),
    });
  }
  for (const [name, env] of Object.entries(config.environments)) {
    if (!env.embedded && !env.baseUrl) {
      diagnostics.push({
        code: 'REHEARSE_MISSING_KEY',
        message: `Environment "${name}" has neither "baseUrl" nor "embedded".`,
        file: parsed.file,
        ...pos(parsed.source, ['environments', name]),
        path: `environments.${name}`,
        expected: 'baseUrl: https://... (or env:NAME), or embedded: sandbox',
        hint: 'Add "baseUrl: env:STAGING_BASE_URL" and export that variable before running.',
      });
    }
  }
}

function checkTenantSelector(
  scenario: Scenario,
  parsed: Parsed<Scenario>,
  tenants: ReadonlyMap<string, LoadedTenant>,
  diagnostics: Diagnostic[],
): void {
  const selector = scenario.tenants;
  if (!Array.isArray(selector)) return;
  selector.forEach((name, i) => {
    if (tenants.has(name)) return;
    const ctxPath = ['tenants', i];
    diagnostics.push({
      code: 'REHEARSE_UNKNOWN_TENANT',
      message: `Unknown tenant profile "${name}".`,
      file: parsed.file,
      ...pos(parsed.source, ctxPath),
      path: `tenants[${i}]`,
      expected: 'a profile from tenant-profiles/*.yaml',
      hint: suggestionHint(name, [...tenants.keys()], 'tenant profile'),
    });
  });
}

function loadDataSchemas(root: string, files: string[], diagnostics: Diagnostic[]): Map<string, object> {
  const schemas = new Map<string, object>();
  for (const file of files) {
    const name = file
      .split('/')
      .pop()!
      .replace(/\.schema\.json$/, '');
    const read = readUserFile(root, file);
    const parsed = read.text === undefined ? undefined : parseJsonSource(file, read.text);
    diagnostics.push(...read.diagnostics, ...(parsed?.diagnostics ?? []));
    if (parsed?.value !== undefined) schemas.set(name, parsed.value as object);
  }
  return schemas;
}

function pos(source: YamlSource, path: Array<string | number>, key = false): { line: number; column: number } {
  const { line, column } = source.locate(path, { key });
  return { line, column };
}

function origin<T>(parsed: Parsed<T>, path: Array<string | number>) {
  return { file: parsed.file, ...pos(parsed.source, path) };
}

function duplicate<T>(
  noun: string,
  name: string,
  parsed: Parsed<T>,
  path: Array<string | number>,
  firstFile: string,
): Diagnostic {
  return {
    code: 'REHEARSE_DUPLICATE_NAME',
    message: `Duplicate ${noun} "${name}" (already defined in ${firstFile}).`,
    file: parsed.file,
    ...pos(parsed.source, path, true),
    expected: `${noun} names unique in the project`,
    hint: 'Rename one of them.',
  };
}

/** Re-exported so callers can report with the same helper. */
export { report };
