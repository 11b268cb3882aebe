import { suggestionHint } from '../core/did-you-mean.js';
import { RehearseError } from '../core/errors.js';
import type { DriverName, Scenario, TenantProfile } from '../schema/index.js';
import type { LoadedScenario, Project } from './project.js';

/** One cell of the scenario × tenant × driver matrix: one Playwright test. */
export interface MatrixEntry {
  scenario: Scenario;
  file: string;
  tenant: string;
  driver: DriverName;
}

export interface MatrixFilter {
  scenarios?: readonly string[];
  tags?: readonly string[];
  tenants?: readonly string[];
  drivers?: readonly DriverName[];
}

/**
 * Drivers the engine can run: `api` (HTTP through undici) and `ui` (a Playwright page). The
 * loader refuses a scenario that asks for another (`checkDrivers`), so the matrix never drops
 * one silently.
 */
export const SUPPORTED_DRIVERS: readonly DriverName[] = ['api', 'ui'];

/** The tenant profiles a scenario applies to. */
export function tenantsFor(scenario: Scenario, tenants: ReadonlyMap<string, { profile: TenantProfile }>): string[] {
  const selector = scenario.tenants ?? 'all';
  const names = [...tenants.keys()].sort();
  if (selector === 'all') return names;
  if (Array.isArray(selector)) return selector.filter((n) => tenants.has(n));
  return names.filter((n) => selector.traits.every((t) => tenants.get(n)!.profile.traits?.includes(t)));
}

export function normalizeTag(tag: string): string {
  return tag.replace(/^@/, '');
}

/**
 * Expands the project into the runs a filter selects (drivers: see `selectedDrivers`). A tenant's setup and teardown scenarios
 * (`kind`) are in it whenever another scenario is selected for the tenant, whatever the filter. Unknown scenario,
 * tenant or tag names are user mistakes (exit 2) with a did-you-mean. A cell the
 * engine cannot run (a driver it does not have) is an error, never left out quietly:
 * `REHEARSE_DRIVER_UNAVAILABLE` (a loaded project never has one; the loader says so first).
 */
export function buildMatrix(project: Project, filter: MatrixFilter = {}): MatrixEntry[] {
  const scenarioNames = project.scenarios.map((s) => s.scenario.name);
  for (const name of filter.scenarios ?? []) {
    if (!scenarioNames.includes(name)) {
      throw new RehearseError(
        'REHEARSE_UNKNOWN_SCENARIO',
        `Failed to select scenario "${name}": no scenario has that name.`,
        {
          hint: suggestionHint(name, scenarioNames, 'scenario'),
        },
      );
    }
  }
  const tenantNames = [...project.tenants.keys()];
  for (const name of filter.tenants ?? []) {
    if (!project.tenants.has(name)) {
      throw new RehearseError(
        'REHEARSE_UNKNOWN_TENANT',
        `Failed to select tenant "${name}": no tenant profile has that name.`,
        {
          hint: suggestionHint(name, tenantNames, 'tenant profile'),
        },
      );
    }
  }
  const allTags = new Set(project.scenarios.flatMap((s) => (s.scenario.tags ?? []).map(normalizeTag)));
  for (const tag of filter.tags ?? []) {
    if (!allTags.has(normalizeTag(tag))) {
      throw new RehearseError('REHEARSE_UNKNOWN_TAG', `Failed to select tag "${tag}": no scenario carries it.`, {
        hint: suggestionHint(normalizeTag(tag), [...allTags].sort(), 'tag'),
      });
    }
  }
  const drivers = selectedDrivers(project, filter);
  const entries: MatrixEntry[] = [];
  for (const loaded of project.scenarios) {
    // A tenant's setup and teardown go with whatever else is selected for it (dropped below when nothing is).
    if (!loaded.scenario.kind && !selected(loaded, filter)) continue;
    for (const tenant of tenantsFor(loaded.scenario, project.tenants)) {
      if (filter.tenants?.length && !filter.tenants.includes(tenant)) continue;
      for (const driver of loaded.scenario.drivers ?? ['api']) {
        if (!SUPPORTED_DRIVERS.includes(driver)) {
          throw new RehearseError(
            'REHEARSE_DRIVER_UNAVAILABLE',
            `Failed to plan scenario "${loaded.scenario.name}": the ${driver} driver is not available in this version.`,
            { hint: `Remove ${driver} from its drivers (${loaded.file}).` },
          );
        }
        if (!drivers.includes(driver)) continue;
        entries.push({ scenario: loaded.scenario, file: loaded.file, tenant, driver });
      }
    }
  }
  const tested = new Set(entries.filter((e) => !e.scenario.kind || selected(e, filter)).map((e) => e.tenant));
  return entries.filter((e) => tested.has(e.tenant));
}

/**
 * The drivers a run selects: `--driver` (the filter), else the config's `defaultDrivers`, else
 * every supported driver (each scenario then runs through the drivers it declares).
 */
export function selectedDrivers(project: Project, filter: MatrixFilter = {}): readonly DriverName[] {
  if (filter.drivers?.length) return filter.drivers;
  return project.config.defaultDrivers ?? SUPPORTED_DRIVERS;
}

/**
 * What the config's `defaultDrivers` left out of a run without `--driver`: the drivers some
 * selected scenario declares beyond them, and how many scenarios declare one; undefined when
 * nothing was left out. Said on the console so a default run never hides that it ran less.
 */
export function driversLeftOut(
  project: Project,
  filter: MatrixFilter = {},
): { drivers: DriverName[]; scenarios: number; defaults: readonly DriverName[] } | undefined {
  const defaults = project.config.defaultDrivers;
  if (filter.drivers?.length || !defaults) return undefined;
  const left = new Set<DriverName>();
  let scenarios = 0;
  for (const loaded of project.scenarios) {
    if (loaded.scenario.kind || !selected(loaded, filter)) continue;
    const beyond = (loaded.scenario.drivers ?? ['api']).filter((driver) => !defaults.includes(driver));
    if (beyond.length) scenarios++;
    for (const driver of beyond) left.add(driver);
  }
  return left.size ? { drivers: [...left].sort(), scenarios, defaults } : undefined;
}

/** One line for the console: which tests a default run leaves out and how to run them. */
export function leftOutNote(left: NonNullable<ReturnType<typeof driversLeftOut>>): string {
  const all = [...left.defaults, ...left.drivers].join(',');
  return `Not selected: the ${left.drivers.join(' and ')} tests of ${left.scenarios} scenario(s) (defaultDrivers: [${left.defaults.join(', ')}] in rehearse.config.yaml); add --driver ${all} to run them.`;
}

function selected({ scenario }: Pick<LoadedScenario, 'scenario'>, filter: MatrixFilter): boolean {
  if (filter.scenarios?.length && !filter.scenarios.includes(scenario.name)) return false;
  if (filter.tags?.length) {
    const tags = (scenario.tags ?? []).map(normalizeTag);
    if (!filter.tags.some((t) => tags.includes(normalizeTag(t)))) return false;
  }
  return true;
}
