import type { DriverName, Scenario } from '../schema/index.js';
import { report, type CheckContext } from './check-context.js';
import { SUPPORTED_DRIVERS } from './matrix.js';
import { stepReferences } from './step-references.js';

/**
 * Each driver a scenario asks for can run it, so the matrix never drops a cell silently:
 * every action it reaches (through `do`, and through fragments it includes, recursively)
 * has an implementation for that driver (`REHEARSE_ACTION_LACKS_DRIVER`, naming the action),
 * and the driver exists in this version (`REHEARSE_DRIVER_UNAVAILABLE`). The position is
 * the `drivers` item.
 */
export function checkDrivers(scenario: Scenario, ctx: CheckContext): void {
  const drivers = scenario.drivers ?? [];
  const actions = reachableActions(scenario, ctx);
  drivers.forEach((driver, i) => {
    const lacking = actions.find((name) => {
      const entry = ctx.index.actions.get(name);
      return entry !== undefined && !Object.hasOwn(entry.action, driver);
    });
    if (lacking) {
      const origin = ctx.index.actions.get(lacking)!.origin;
      report(ctx, ['drivers', i], {
        code: 'REHEARSE_ACTION_LACKS_DRIVER',
        message: `Scenario "${scenario.name}" asks for the ${driver} driver, but action "${lacking}" (${origin.file}:${origin.line}) has no "${driver}:" implementation, so the ${driver} runs could not happen.`,
        expected: `drivers every action of the scenario implements: ${implemented(actions, ctx).join(', ') || 'api'}`,
        hint:
          driver === 'ui'
            ? 'Remove ui from drivers (drivers: [api]); UI implementations of actions arrive with the UI driver.'
            : `Add a "${driver}:" implementation to action "${lacking}", or remove ${driver} from drivers.`,
      });
      return;
    }
    if (!SUPPORTED_DRIVERS.includes(driver)) {
      report(ctx, ['drivers', i], {
        code: 'REHEARSE_DRIVER_UNAVAILABLE',
        message: `The ${driver} driver is not available in this version of Rehearse, so the ${driver} runs of scenario "${scenario.name}" could not happen.`,
        expected: `one of ${SUPPORTED_DRIVERS.join(', ')}`,
        hint: `Remove ${driver} from drivers (drivers: [${SUPPORTED_DRIVERS.join(', ')}]).`,
      });
    }
  });
}

/** Action names the scenario runs, in first-use order, through fragments at any depth. */
function reachableActions(scenario: Scenario, ctx: CheckContext): string[] {
  const actions: string[] = [];
  const fragments = new Set<string>();
  const queue = [...stepReferences(scenario.steps, ['steps']), ...stepReferences(scenario.cleanup, ['cleanup'])];
  while (queue.length > 0) {
    const ref = queue.shift()!;
    if (ref.kind === 'do') {
      if (actions.includes(ref.name)) continue;
      actions.push(ref.name);
      const entry = ctx.index.actions.get(ref.name);
      if (entry) queue.push(...stepReferences(entry.action.api, ['api']));
      continue;
    }
    if (fragments.has(ref.name)) continue; // also what stops an include cycle here
    fragments.add(ref.name);
    const entry = ctx.index.fragments.get(ref.name);
    if (entry) queue.push(...stepReferences(entry.fragment.steps, ['steps']));
  }
  return actions;
}

function implemented(actions: readonly string[], ctx: CheckContext): DriverName[] {
  return SUPPORTED_DRIVERS.filter((driver) =>
    actions.every((name) => {
      const entry = ctx.index.actions.get(name);
      return entry === undefined || Object.hasOwn(entry.action, driver);
    }),
  );
}
