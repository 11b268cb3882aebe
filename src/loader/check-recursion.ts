import { formatPath } from '../core/diagnostic.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Definition } from './load-definitions.js';
import { stepReferences, type StepReference } from './step-references.js';

interface Node {
  definition: Definition;
  edges: Array<StepReference & { target: string }>;
}

const keyOf = (kind: 'action' | 'fragment', name: string) => `${kind}:${name}`;
const targetKind = (ref: StepReference) => (ref.kind === 'do' ? 'action' : 'fragment');

/**
 * Fragments that include themselves and actions that `do` themselves, directly or through
 * others (`REHEARSE_INCLUDE_CYCLE`, `REHEARSE_ACTION_CYCLE`): expanding them would never end
 * (the run would recurse until the worker runs out of memory). Each cycle is reported once,
 * at the `include`/`do` that closes it, naming every step of the cycle.
 */
export function checkRecursion(definitions: readonly Definition[]): Diagnostic[] {
  const nodes = new Map<string, Node>();
  // An action with two implementations is one node: a cycle through either of them is a cycle.
  for (const definition of definitions) {
    const key = keyOf(definition.kind, definition.name);
    if (!nodes.has(key)) nodes.set(key, { definition, edges: [] });
  }
  for (const definition of definitions) {
    const node = nodes.get(keyOf(definition.kind, definition.name))!;
    for (const ref of stepReferences(definition.steps, definition.stepsPath)) {
      const target = keyOf(targetKind(ref), ref.name);
      if (nodes.has(target)) node.edges.push({ ...ref, target });
    }
  }
  const out: Diagnostic[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const reported = new Set<string>();
  for (const start of nodes.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search: a long chain of includes must not overflow the stack here.
    const stack: Array<{ key: string; next: number }> = [{ key: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const node = nodes.get(frame.key)!;
      const edge = node.edges[frame.next++];
      if (!edge) {
        state.set(frame.key, 'done');
        stack.pop();
        continue;
      }
      const seen = state.get(edge.target);
      if (seen === undefined) {
        state.set(edge.target, 'open');
        stack.push({ key: edge.target, next: 0 });
      } else if (seen === 'open') {
        const from = stack.findIndex((f) => f.key === edge.target);
        const cycle = [...stack.slice(from).map((f) => f.key), edge.target];
        const id = [...new Set(cycle)].sort().join('|');
        if (reported.has(id)) continue;
        reported.add(id);
        out.push(cycleDiagnostic(node.definition, edge, cycle));
      }
    }
  }
  return out;
}

function cycleDiagnostic(owner: Definition, edge: StepReference, cycle: string[]): Diagnostic {
  const mixed = new Set(cycle.map((k) => k.split(':')[0])).size > 1;
  const shown = cycle.map((k) => (mixed ? k.replace(':', ' ') : k.slice(k.indexOf(':') + 1))).join(' → ');
  const self = cycle.length === 2;
  const verb = edge.kind === 'include' ? 'includes' : 'runs';
  const path = [...edge.path, edge.kind];
  return {
    code: edge.kind === 'include' ? 'REHEARSE_INCLUDE_CYCLE' : 'REHEARSE_ACTION_CYCLE',
    message: self
      ? `${capitalize(owner.kind)} "${owner.name}" ${verb} itself: it would recurse until the run runs out of memory.`
      : `${capitalize(owner.kind)} "${owner.name}" ${verb} "${edge.name}", which leads back to it: a cycle ${shown} that would recurse until the run runs out of memory.`,
    ...owner.parsed.source.locate(path),
    path: formatPath(path),
    expected: `${edge.kind === 'include' ? 'fragments' : 'actions'} that do not reach themselves through include or do`,
    hint: 'Break the cycle: move the shared steps into a fragment that neither side includes back.',
  };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
