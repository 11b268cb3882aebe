import type { MatrixEntry } from '../loader/matrix.js';
import { scenarioLabels } from '../loader/scenario-labels.js';

/**
 * The Playwright title of a scenario × tenant × driver test. Titles must be
 * unique within a spec file across projects, so the tenant and driver are in it.
 */
export function testTitle(entry: MatrixEntry): string {
  return `${entry.scenario.title ?? entry.scenario.name} (${entry.tenant}, ${entry.driver})`;
}

/**
 * Playwright tags of the test: the scenario's tags, then `@tenant:<name>`, `@driver:<name>`, and
 * `@phase:setup` or `@phase:teardown` — last, in this order: the projects select by them anchored
 * at the end of what Playwright's grep reads (see `ownTags` in config.ts).
 */
export function testTags(entry: MatrixEntry): string[] {
  return [
    ...(entry.scenario.tags ?? []).map((t) => `@${t.replace(/^@/, '')}`),
    `@tenant:${entry.tenant}`,
    `@driver:${entry.driver}`,
    ...(entry.scenario.kind ? [`@phase:${entry.scenario.kind}`] : []),
  ];
}

/**
 * Playwright annotations of the test, for reporters (Allure labels, the business summary):
 * `scenario` (file), `workflow`, `severity`, `owner` (when given), `driver`, `tenant`, and one
 * `action` per action the scenario does (see `scenarioLabels`).
 */
export function testAnnotations(entry: MatrixEntry): Array<{ type: string; description: string }> {
  const labels = scenarioLabels(entry.scenario);
  return [
    { type: 'scenario', description: entry.file },
    { type: 'workflow', description: labels.workflow },
    { type: 'severity', description: labels.severity },
    ...(labels.owner ? [{ type: 'owner', description: labels.owner }] : []),
    { type: 'driver', description: entry.driver },
    { type: 'tenant', description: entry.tenant },
    ...labels.actions.map((action) => ({ type: 'action', description: action })),
  ];
}

/** The part of a Playwright project (`FullProject`, `TestInfo.project`) that says which tenants it runs. */
export interface TenantProject {
  name: string;
  metadata?: Record<string, unknown>;
}

/**
 * Whether a Playwright project runs the given tenant's tests: its `metadata.tenants` (see
 * `runProjects` in config.ts) lists it; a project without that list (a config written by
 * hand) runs a tenant of its own name.
 */
export function projectRunsTenant(project: TenantProject | undefined, tenant: string): boolean {
  const tenants = project?.metadata?.tenants;
  return Array.isArray(tenants) ? tenants.includes(tenant) : project?.name === tenant;
}

/**
 * The tenant a reported test ran for: its `tenant` annotation (every Rehearse test has one, see
 * `testAnnotations`), else its project's only tenant, else the project's name.
 */
export function tenantOfTest(test: {
  annotations: ReadonlyArray<{ type: string; description?: string }>;
  parent: { project(): TenantProject | undefined };
}): string {
  const annotated = test.annotations.find((a) => a.type === 'tenant')?.description;
  if (annotated) return annotated;
  const project = test.parent.project();
  const tenants = project?.metadata?.tenants;
  return Array.isArray(tenants) && tenants.length === 1 && typeof tenants[0] === 'string'
    ? tenants[0]
    : (project?.name ?? '');
}

/**
 * Everything Playwright's `--grep` may see of the test (project, file, describe
 * title, test title, tags) and a little more (the scenario file), joined by
 * spaces. A pattern that matches none of these matches no test.
 */
export function grepHaystack(entry: MatrixEntry): string {
  return [entry.tenant, entry.file, entry.scenario.name, testTitle(entry), ...testTags(entry)].join(' ');
}
