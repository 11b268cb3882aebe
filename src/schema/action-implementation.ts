// What the engine needs of an action at run time, kept apart from the TypeBox schemas in
// action.ts: a Playwright worker imports this without TypeBox's 247 modules.
import type { Action } from './action.js';
import type { Step } from './steps.js';

/** The drivers an action can be implemented for, in the order they are looked up. */
export const ACTION_DRIVERS = ['api', 'ui'] as const;
export type ActionDriver = (typeof ACTION_DRIVERS)[number];

/** One implementation of an action, as the engine runs it. */
export interface ActionImplementation {
  /** Its steps. */
  steps: Step[];
  /** Where they sit under the action: `['api']` or `['ui', 'steps']`. */
  path: Array<'api' | 'ui' | 'steps'>;
  /** What the action gives back in runs of this driver: the implementation's own `returns`, else the action's; undefined = the last response body. */
  returns: unknown;
}

/**
 * The implementation of `action` for runs of `driver` (a bare step list, or `{ steps, returns }`),
 * or undefined when the action has none for it. There is no fallback from one driver to the
 * other: the loader refuses a scenario that needs an implementation an action lacks
 * (`REHEARSE_ACTION_LACKS_DRIVER`).
 *
 * @example
 * implementationOf({ api: [{ http: 'GET /x' }] }, 'api') // { steps: [...], path: ['api'], returns: undefined }
 */
export function implementationOf(action: Action, driver: ActionDriver): ActionImplementation | undefined {
  const given = action[driver];
  if (given === undefined) return undefined;
  if (Array.isArray(given)) return { steps: given, path: [driver], returns: action.returns };
  return {
    steps: given.steps,
    path: [driver, 'steps'],
    returns: given.returns !== undefined ? given.returns : action.returns,
  };
}
