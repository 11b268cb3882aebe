import { implementationOf, type DriverName, type Scenario } from '../schema/index.js';
import { report, type CheckContext, type Segment } from './check-context.js';
import { SUPPORTED_DRIVERS } from './matrix.js';
import { stepOrigin } from './step-origins.js';
import { stepReferences, type StepReference } from './step-references.js';
import { uiStepPlaces } from './ui-step-places.js';

/**
 * Each driver a scenario asks for (`drivers:`, default `[api]`) can run it, so the matrix never
 * drops a cell silently. Per driver, following the implementation of that driver of every action
 * (through `do`, and through fragments, recursively):
 *
 * - every action reached has an implementation for the driver (`REHEARSE_ACTION_LACKS_DRIVER`
 *   at the `drivers` item, naming the action and where it is written); there is no fallback
 *   from `ui:` to `api:`;
 * - the driver exists in this version (`REHEARSE_DRIVER_UNAVAILABLE`);
 * - for `api`: no `ui:` step is reached — in the scenario's own steps (reported at the step's
 *   `ui` key) or in a fragment it includes (reported at the `include`, naming the ui step's
 *   place) — `REHEARSE_UI_STEP_NOT_ALLOWED`. (A `ui:` step in an `api:` implementation is
 *   reported in its action file, see `checkApiImplementation`.)
 */
export function checkDrivers(scenario: Scenario, ctx: CheckContext): void {
  const declared = scenario.drivers;
  const drivers: DriverName[] = declared ?? ['api'];
  drivers.forEach((driver, i) => {
    const reach = reachable(scenario, driver, ctx);
    const lacking = reach.actions.find((name) => {
      const entry = ctx.index.actions.get(name);
      return entry !== undefined && implementationOf(entry.action, driver) === undefined;
    });
    // An implicit [api] has no `drivers` item to point at: the action's `do` is the place then.
    const at: Segment[] = declared ? ['drivers', i] : (reach.firstUse.get(lacking ?? '') ?? ['steps']);
    if (lacking) {
      const origin = ctx.index.actions.get(lacking)!.origin;
      const other = driver === 'ui' ? 'api' : 'ui';
      report(ctx, at, {
        code: 'REHEARSE_ACTION_LACKS_DRIVER',
        message: `Scenario "${scenario.name}" asks for the ${driver} driver${declared ? '' : ' (the default)'}, but action "${lacking}" (${origin.file}:${origin.line}) has no "${driver}:" implementation, so the ${driver} runs could not happen.`,
        expected: `drivers every action of the scenario implements: ${implemented(scenario, ctx).join(', ') || 'none'}`,
        hint: declared
          ? `Add a "${driver}:" implementation to action "${lacking}" (${origin.file}:${origin.line}), or remove ${driver} from drivers.`
          : `Add an "api:" implementation to action "${lacking}", or declare drivers: [${other}] on the scenario.`,
      });
      return;
    }
    if (!SUPPORTED_DRIVERS.includes(driver)) {
      report(ctx, at, {
        code: 'REHEARSE_DRIVER_UNAVAILABLE',
        message: `The ${driver} driver is not available in this version of Rehearse, so the ${driver} runs of scenario "${scenario.name}" could not happen.`,
        expected: `one of ${SUPPORTED_DRIVERS.join(', ')}`,
        hint: `Remove ${driver} from drivers (drivers: [${SUPPORTED_DRIVERS.join(', ')}]).`,
      });
      return;
    }
    if (driver === 'api') refuseUiSteps(scenario, reach.uiInFragments, declared ? ['drivers', i] : undefined, ctx);
  });
}

interface Reach {
  /** Action names the driver's runs do, in first-use order. */
  actions: string[];
  /** Where the scenario itself first reaches each action (its `do`, or the `include` leading to it). */
  firstUse: Map<string, Segment[]>;
  /** `ui:` steps of fragments the scenario includes (at any depth), by the scenario's `include` that reaches them. */
  uiInFragments: Array<{ include: StepReference; fragment: string; place: string }>;
}

/** What the runs of one driver reach: actions through their implementation of that driver, fragments at any depth. */
function reachable(scenario: Scenario, driver: DriverName, ctx: CheckContext): Reach {
  const actions: string[] = [];
  const firstUse = new Map<string, Segment[]>();
  const uiInFragments: Reach['uiInFragments'] = [];
  const fragments = new Set<string>();
  const own = [...stepReferences(scenario.steps, ['steps']), ...stepReferences(scenario.cleanup, ['cleanup'])];
  // Each queued reference remembers the scenario's own reference it came through.
  const queue = own.map((ref) => ({ ref, root: ref }));
  while (queue.length > 0) {
    const { ref, root } = queue.shift()!;
    if (ref.kind === 'do') {
      if (actions.includes(ref.name)) continue;
      actions.push(ref.name);
      firstUse.set(ref.name, [...root.path, root.kind]);
      const entry = ctx.index.actions.get(ref.name);
      const implementation = entry && implementationOf(entry.action, driver);
      if (implementation)
        queue.push(...stepReferences(implementation.steps, implementation.path).map((r) => ({ ref: r, root })));
      continue;
    }
    if (fragments.has(ref.name)) continue; // also what stops an include cycle here
    fragments.add(ref.name);
    const entry = ctx.index.fragments.get(ref.name);
    if (!entry) continue;
    for (const place of uiStepPlaces(entry.fragment.steps, ['steps'])) {
      const origin = stepOrigin(place.step);
      uiInFragments.push({
        include: root,
        fragment: ref.name,
        place: origin ? `${origin.file}:${origin.line}:${origin.column}` : `fragment "${ref.name}"`,
      });
    }
    queue.push(...stepReferences(entry.fragment.steps, ['steps']).map((r) => ({ ref: r, root })));
  }
  return { actions, firstUse, uiInFragments };
}

/** `ui:` steps an api run of the scenario would reach: its own, and those of fragments it includes. */
function refuseUiSteps(
  scenario: Scenario,
  inFragments: Reach['uiInFragments'],
  driversItem: Segment[] | undefined,
  ctx: CheckContext,
): void {
  const why = driversItem
    ? 'the scenario runs with the api driver, which has no page to drive'
    : 'the scenario runs with the api driver (the default: no drivers: given), which has no page to drive';
  const hint = driversItem
    ? 'Remove api from drivers (drivers: [ui]), or move the ui steps into the "ui:" implementation of an action.'
    : 'Declare drivers: [ui] on the scenario, or move the ui steps into the "ui:" implementation of an action.';
  const own = [...uiStepPlaces(scenario.steps, ['steps']), ...uiStepPlaces(scenario.cleanup, ['cleanup'])];
  for (const place of own)
    report(
      ctx,
      [...place.path, 'ui'],
      {
        code: 'REHEARSE_UI_STEP_NOT_ALLOWED',
        message: `A ui step cannot run here: ${why}.`,
        expected: 'steps the api driver can run (http, do, set, expect, ...)',
        hint,
      },
      { key: true },
    );
  const reported = new Set<string>();
  for (const found of inFragments) {
    const key = `${found.include.path.join('.')}|${found.fragment}`;
    if (reported.has(key)) continue;
    reported.add(key);
    report(ctx, [...found.include.path, found.include.kind], {
      code: 'REHEARSE_UI_STEP_NOT_ALLOWED',
      message: `Fragment "${found.fragment}" holds a ui step (${found.place}), which cannot run here: ${why}.`,
      expected: 'fragments whose steps the api driver can run',
      hint,
    });
  }
}

/** The drivers every action the scenario reaches implements (each followed through its own implementation). */
function implemented(scenario: Scenario, ctx: CheckContext): DriverName[] {
  return SUPPORTED_DRIVERS.filter((driver) =>
    reachable(scenario, driver, ctx).actions.every((name) => {
      const entry = ctx.index.actions.get(name);
      return entry === undefined || implementationOf(entry.action, driver) !== undefined;
    }),
  );
}
