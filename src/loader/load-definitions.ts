import { formatPath, type Diagnostic } from '../core/diagnostic.js';
import {
  ACTION_DRIVERS,
  ActionFileSchema,
  FragmentSchema,
  implementationOf,
  type ActionDriver,
  type ActionFile,
  type Fragment,
} from '../schema/index.js';
import { duplicateName } from './duplicate-name.js';
import type { LoadContext } from './load-context.js';
import { parseProjectFile, type ParsedFile } from './parse-file.js';
import type { LoadedAction, LoadedFragment } from './project.js';
import { uiStepPlaces } from './ui-step-places.js';

/** One action or fragment with the file it lives in, for checks of its steps. */
export interface Definition {
  kind: 'action' | 'fragment';
  name: string;
  parsed: ParsedFile<unknown>;
  /** Where its steps sit in the file: `['actions', name, 'api']`, `['actions', name, 'ui', 'steps']` or `['steps']`. */
  stepsPath: Array<string | number>;
  /** An action's implementation these steps are (an action with both has two definitions). */
  driver?: ActionDriver;
  /** The implementation's own `returns` (`{ steps, returns }`), checked in the scope of its steps. */
  returns?: { value: unknown; path: Array<string | number> };
  steps: unknown[];
  params: readonly string[];
}

export interface LoadedDefinitions {
  actions: Map<string, LoadedAction>;
  fragments: Map<string, LoadedFragment>;
  /** Every action and fragment that loaded, in file order. */
  definitions: Definition[];
}

/** Reads `scenarios/actions/*.yaml` and `scenarios/fragments/*.yaml`; names must be unique. */
export function loadDefinitions(
  load: LoadContext,
  actionFiles: readonly string[],
  fragmentFiles: readonly string[],
): LoadedDefinitions {
  const actions = new Map<string, LoadedAction>();
  const fragments = new Map<string, LoadedFragment>();
  const definitions: Definition[] = [];
  for (const file of actionFiles) {
    const parsed = parseProjectFile<ActionFile>(load, file, ActionFileSchema);
    if (!parsed.valid) continue;
    for (const [name, action] of Object.entries(parsed.value.actions)) {
      const existing = actions.get(name);
      if (existing) {
        load.diagnostics.push(duplicateName('action', name, parsed, ['actions', name], existing.origin.file));
        continue;
      }
      actions.set(name, {
        name,
        action,
        origin: { ...parsed.source.locate(['actions', name]) },
        ...(parsed.value.headers ? { headers: parsed.value.headers } : {}),
        ...(parsed.value.cookies ? { cookies: parsed.value.cookies } : {}),
      });
      const implementations = ACTION_DRIVERS.flatMap((driver) => {
        const implementation = implementationOf(action, driver);
        return implementation ? [{ driver, implementation }] : [];
      });
      if (implementations.length === 0) load.diagnostics.push(noImplementation(name, parsed));
      for (const { driver, implementation } of implementations) {
        const own = action[driver];
        const returns =
          own && !Array.isArray(own) && own.returns !== undefined
            ? { value: own.returns, path: ['actions', name, driver, 'returns'] }
            : undefined;
        definitions.push({
          kind: 'action',
          name,
          parsed,
          stepsPath: ['actions', name, ...implementation.path],
          steps: implementation.steps,
          params: Object.keys(action.params ?? {}),
          driver,
          ...(returns ? { returns } : {}),
        });
        if (driver === 'api')
          load.diagnostics.push(...uiStepsInApi(name, parsed, implementation.steps, implementation.path));
      }
    }
  }
  for (const file of fragmentFiles) {
    const parsed = parseProjectFile<Fragment>(load, file, FragmentSchema);
    if (!parsed.valid) continue;
    const fragment = parsed.value;
    const existing = fragments.get(fragment.name);
    if (existing) {
      load.diagnostics.push(duplicateName('fragment', fragment.name, parsed, ['name'], existing.origin.file));
      continue;
    }
    fragments.set(fragment.name, { fragment, origin: { ...parsed.source.locate(['name']) } });
    definitions.push({
      kind: 'fragment',
      name: fragment.name,
      parsed,
      stepsPath: ['steps'],
      steps: fragment.steps,
      params: Object.keys(fragment.params ?? {}),
    });
  }
  return { actions, fragments, definitions };
}

/** `REHEARSE_ACTION_NO_IMPLEMENTATION` at the action's name: it has neither `api:` nor `ui:`. */
function noImplementation(name: string, parsed: ParsedFile<unknown>): Diagnostic {
  return {
    code: 'REHEARSE_ACTION_NO_IMPLEMENTATION',
    message: `Action "${name}" has no implementation, so no run could do it.`,
    ...parsed.source.locate(['actions', name], { key: true }),
    path: formatPath(['actions', name]),
    expected: 'api: (http steps), ui: (ui steps), or both',
    hint: `Add "api:" with the requests that do it, or "ui:" with the screens' steps, under actions.${name}.`,
  };
}

/**
 * A `ui:` step in an `api:` implementation (`REHEARSE_UI_STEP_NOT_ALLOWED` at its `ui` key): an
 * api run has no page to drive. Nested blocks are searched; `do`/`include` targets are checked
 * where they are written.
 */
function uiStepsInApi(
  name: string,
  parsed: ParsedFile<unknown>,
  steps: unknown,
  path: readonly string[],
): Diagnostic[] {
  return uiStepPlaces(steps, ['actions', name, ...path]).map((place) => {
    const at = [...place.path, 'ui'];
    return {
      code: 'REHEARSE_UI_STEP_NOT_ALLOWED',
      message: `A ui step cannot run in the "api:" implementation of action "${name}": api runs have no page to drive.`,
      ...parsed.source.locate(at, { key: true }),
      path: formatPath(at),
      expected: 'steps the api driver can run (http, set, expect, ...)',
      hint: `Move the ui steps into a "ui:" implementation of action "${name}" (ui: [...] beside api:).`,
    };
  });
}
