import { ActionFileSchema, FragmentSchema, type Action, type ActionFile, type Fragment } from '../schema/index.js';
import { duplicateName } from './duplicate-name.js';
import type { LoadContext } from './load-context.js';
import { parseProjectFile, type ParsedFile } from './parse-file.js';
import type { LoadedAction, LoadedFragment } from './project.js';

/** One action or fragment with the file it lives in, for checks of its steps. */
export interface Definition {
  kind: 'action' | 'fragment';
  name: string;
  parsed: ParsedFile<unknown>;
  /** Where its steps sit in the file: `['actions', name, 'api']` or `['steps']`. */
  stepsPath: Array<string | number>;
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
      definitions.push(definitionOf('action', name, parsed, ['actions', name, 'api'], action));
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
    definitions.push(definitionOf('fragment', fragment.name, parsed, ['steps'], fragment));
  }
  return { actions, fragments, definitions };
}

function definitionOf(
  kind: Definition['kind'],
  name: string,
  parsed: ParsedFile<unknown>,
  stepsPath: Array<string | number>,
  owner: Action | Fragment,
): Definition {
  const steps = 'api' in owner ? owner.api : owner.steps;
  return { kind, name, parsed, stepsPath, steps, params: Object.keys(owner.params ?? {}) };
}
