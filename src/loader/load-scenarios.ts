import { ScenarioSchema, type Scenario } from '../schema/index.js';
import type { CheckContext, ProjectIndex, Scope } from './check-context.js';
import { checkDrivers } from './check-drivers.js';
import { checkSecretNames } from './check-secret-names.js';
import { tenantsFor } from './matrix.js';
import { checkTenantSelector } from './check-tenant-selector.js';
import { checkTenantPhase, TenantPhases } from './check-tenant-phases.js';
import { checkVirtualSetup } from './check-virtual.js';
import { duplicateName } from './duplicate-name.js';
import type { LoadContext } from './load-context.js';
import { parseProjectFile, type ParsedFile } from './parse-file.js';
import type { LoadedScenario } from './project.js';
import { checkExactlyOne, checkSteps } from './step-checks.js';
import { checkTemplates } from './template-checks.js';

/**
 * Reads every `*.scenario.yaml` and checks it against the rest of the project: the tenants
 * and drivers it selects, its partners' faults, its variables and each step. A scenario
 * whose header is invalid still has its steps checked, so one run shows every problem.
 */
export function loadScenarios(load: LoadContext, files: readonly string[], index: ProjectIndex): LoadedScenario[] {
  const scenarios: LoadedScenario[] = [];
  const names = new Map<string, string>();
  const context = (parsed: ParsedFile<unknown>): CheckContext => ({
    source: parsed.source,
    index,
    diagnostics: load.diagnostics,
    stepIds: new Map(),
  });
  const phases = new TenantPhases();
  // Setups first, then teardowns: the others read what the setups of their tenants hand on.
  const order = (parsed: ParsedFile<Scenario>) => {
    const kind = parsed.valid ? parsed.value.kind : undefined;
    return kind === 'setup' ? 0 : kind === 'teardown' ? 1 : 2;
  };
  const parsedFiles = files
    .map((file) => compacted(parseProjectFile<Scenario>(load, file, ScenarioSchema)))
    .map((parsed, i) => ({ parsed, i }))
    .sort((a, b) => order(a.parsed) - order(b.parsed) || a.i - b.i)
    .map(({ parsed }) => parsed);
  for (const parsed of parsedFiles) {
    const file = parsed.file;
    if (!parsed.valid) {
      const partial = parsed.value as Partial<Scenario> | undefined;
      if (partial && typeof partial === 'object' && !Array.isArray(partial)) {
        const vars = partial.vars && typeof partial.vars === 'object' ? Object.keys(partial.vars) : [];
        checkSteps(partial.steps, ['steps'], new Set(vars), context(parsed));
        checkSteps(partial.cleanup, ['cleanup'], new Set(vars), context(parsed));
      }
      continue;
    }
    const scenario = parsed.value;
    const previous = names.get(scenario.name);
    if (previous) {
      load.diagnostics.push(duplicateName('scenario', scenario.name, parsed, ['name'], previous));
      continue;
    }
    names.set(scenario.name, file);
    const ctx = context(parsed);
    if (index.tenantsComplete) ctx.scenarioTenants = tenantsFor(scenario, index.tenants);
    checkTenantSelector(scenario, ctx);
    const tenants = ctx.scenarioTenants ?? [...index.tenants.keys()];
    checkTenantPhase(scenario, file, tenants, phases, ctx);
    checkDrivers(scenario, ctx);
    for (const [partner, setup] of Object.entries(scenario.virtual ?? {})) {
      const record = setup as Record<string, unknown>;
      checkExactlyOne(record, ['virtual', partner], ['profile', 'faults'], 'virtual', ctx);
      checkVirtualSetup(partner, ['virtual', partner], record, ['virtual', partner], ctx, {
        partnerIsKey: true,
        schemaValid: true,
      });
    }
    const scope: Scope = scenario.kind === 'setup' ? new Set() : phases.exportsFor(tenants);
    for (const [name, value] of Object.entries(scenario.vars ?? {})) {
      checkTemplates(value, ['vars', name], scope, ctx);
      scope.add(name);
    }
    checkSteps(scenario.steps, ['steps'], scope, ctx);
    if (scenario.kind === 'setup')
      for (const tenant of tenants)
        phases.exports.set(tenant, new Set([...(phases.exports.get(tenant) ?? []), ...scope]));
    const cleanupScope = new Set(scope);
    if (scenario.cleanup) checkSteps(scenario.cleanup, ['cleanup'], cleanupScope, ctx);
    checkSecretNames(scenario.secrets, cleanupScope, ctx);
    scenarios.push({ file, scenario });
  }
  return scenarios;
}

/**
 * Every scenario is parsed before the first is checked (setups go first), so a thousand syntax
 * trees would be held at once; once parsed, their steps' origins recorded and their schema
 * checked, only a problem needs a position, and it is rare.
 */
function compacted(parsed: ParsedFile<Scenario>): ParsedFile<Scenario> {
  parsed.source.compact?.();
  return parsed;
}
