import type { Node } from './ast.js';
import { FUNCTIONS } from './functions.js';
import type { Template } from './template.js';

export interface NameReference {
  name: string;
  /** Offset in the template string. */
  offset: number;
  /** For `env.X`: the member read from the root, if written as `root.member`. */
  member?: string;
  /** True when the name is called: `name(...)`. */
  called: boolean;
  /**
   * True when the name is read inside the left operand of `??` (`orderId ?? null`,
   * `order.id ?? "none"`): it may be unset, and `??` gives the default then.
   */
  guarded?: boolean;
}

/**
 * The root names a template reads, with offsets, for load-time checks
 * ("unknown variable" before anything runs).
 */
export function referencedNames(template: Template): NameReference[] {
  const out: NameReference[] = [];
  for (const part of template.parts) {
    if (part.expression) visit(part.expression, part.offset, out, false);
  }
  return out;
}

/** Marks the references of `node` as guarded by `??` (see `NameReference.guarded`). */
function visitGuarded(node: Node, base: number, out: NameReference[]): void {
  const from = out.length;
  visit(node, base, out, false);
  for (let i = from; i < out.length; i++) if (!out[i]!.called) out[i]!.guarded = true;
}

function visit(node: Node, base: number, out: NameReference[], called: boolean): void {
  switch (node.kind) {
    case 'name':
      out.push({ name: node.name, offset: base + node.offset, called });
      return;
    case 'member':
      if (node.object.kind === 'name' && typeof node.property === 'string') {
        out.push({ name: node.object.name, offset: base + node.object.offset, member: node.property, called: false });
      } else {
        visit(node.object, base, out, false);
      }
      if (typeof node.property !== 'string') visit(node.property, base, out, false);
      return;
    case 'call':
      visit(node.callee, base, out, true);
      node.args.forEach((a) => visit(a, base, out, false));
      return;
    case 'array':
      node.items.forEach((i) => visit(i, base, out, false));
      return;
    case 'unary':
      visit(node.operand, base, out, false);
      return;
    case 'binary':
      if (node.operator === '??') visitGuarded(node.left, base, out);
      else visit(node.left, base, out, false);
      visit(node.right, base, out, false);
      return;
    case 'conditional':
      visit(node.test, base, out, false);
      visit(node.then, base, out, false);
      visit(node.otherwise, base, out, false);
      return;
    case 'literal':
      return;
  }
}

/** Functions callable by bare name. */
export const FUNCTION_NAMES: readonly string[] = [...Object.keys(FUNCTIONS), 'now', 'today'];
/** Namespaces of builtins. */
export const NAMESPACE_NAMES: readonly string[] = ['fake', 'date'];
