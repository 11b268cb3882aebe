import { argumentProblem, type ArgumentProblem } from './arguments.js';
import { childNodes, type Node } from './ast.js';
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
 * ("unknown variable" before anything runs). A lambda's parameters are not roots inside its
 * body (`find(methods, m => m.code == code)` reads `methods` and `code`).
 */
export function referencedNames(template: Template): NameReference[] {
  const out: NameReference[] = [];
  for (const part of template.parts) {
    if (part.expression) visit(part.expression, part.offset, out, false, NO_NAMES);
  }
  return out;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Marks the references of `node` as guarded by `??` (see `NameReference.guarded`). */
function visitGuarded(node: Node, base: number, out: NameReference[], bound: ReadonlySet<string>): void {
  const from = out.length;
  visit(node, base, out, false, bound);
  for (let i = from; i < out.length; i++) if (!out[i]!.called) out[i]!.guarded = true;
}

function visit(node: Node, base: number, out: NameReference[], called: boolean, bound: ReadonlySet<string>): void {
  const each = (n: Node, isCalled = false) => visit(n, base, out, isCalled, bound);
  switch (node.kind) {
    case 'name':
      if (!bound.has(node.name)) out.push({ name: node.name, offset: base + node.offset, called });
      return;
    case 'member':
      if (node.object.kind === 'name' && typeof node.property === 'string') {
        if (!bound.has(node.object.name))
          out.push({ name: node.object.name, offset: base + node.object.offset, member: node.property, called: false });
      } else {
        each(node.object);
      }
      if (typeof node.property !== 'string') each(node.property);
      return;
    case 'call':
      each(node.callee, true);
      node.args.forEach((a) => each(a));
      return;
    case 'array':
      node.items.forEach((i) => each(i));
      return;
    case 'unary':
      each(node.operand);
      return;
    case 'binary':
      if (node.operator === '??') visitGuarded(node.left, base, out, bound);
      else each(node.left);
      each(node.right);
      return;
    case 'conditional':
      each(node.test);
      each(node.then);
      each(node.otherwise);
      return;
    case 'lambda':
      visit(node.body, base, out, false, new Set([...bound, ...node.params]));
      return;
    case 'literal':
      return;
  }
}

/** A problem with a call's arguments, at its offset in the template string. */
export type CallProblem = ArgumentProblem;

/**
 * Calls whose arguments do not fit the function (see `argumentProblem`), for load-time checks:
 * wrong number of arguments, a lambda where a value is expected, a value where a lambda is.
 * A called name is always the function (a variable named `count` never shadows `count(...)`).
 */
export function callProblems(template: Template): CallProblem[] {
  const out: CallProblem[] = [];
  const walk = (node: Node, base: number): void => {
    if (node.kind === 'call') {
      const { callee } = node;
      const fn = callee.kind === 'name' && Object.hasOwn(FUNCTIONS, callee.name) ? FUNCTIONS[callee.name] : undefined;
      const lambda = node.args.find((a) => a.kind === 'lambda');
      const problem = fn
        ? argumentProblem(fn, node.args, node.offset)
        : callee.kind === 'member' && lambda
          ? {
              message: `${calleeText(callee)}() takes values, not a lambda.`,
              offset: lambda.offset,
              hint: 'Only filter, map, find, some, every, count, sum, min, max, sort and unique take a lambda.',
            }
          : undefined;
      if (problem) out.push({ ...problem, offset: base + problem.offset });
    }
    for (const child of childNodes(node)) walk(child, base);
  };
  for (const part of template.parts) if (part.expression) walk(part.expression, part.offset);
  return out;
}

/** Functions callable by bare name. */
export const FUNCTION_NAMES: readonly string[] = [...Object.keys(FUNCTIONS), 'now', 'today'];
/** Namespaces of builtins. */
export const NAMESPACE_NAMES: readonly string[] = ['fake', 'date'];

/** `fake.pick` for a member callee, as a message names it. */
function calleeText(node: Node): string {
  if (node.kind === 'name') return node.name;
  if (node.kind === 'member' && typeof node.property === 'string') return `${calleeText(node.object)}.${node.property}`;
  return 'This function';
}
