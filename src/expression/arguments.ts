import type { Node } from './ast.js';
import type { Builtin } from './builtin.js';

/** A call whose arguments do not fit its function: the message, where, and how to call it. */
export interface ArgumentProblem {
  message: string;
  /** Offset (in the expression) of the argument at fault, or of the call. */
  offset: number;
  hint: string;
}

const ORDINALS = ['first', 'second', 'third', 'fourth'];
const ordinal = (i: number) => ORDINALS[i] ?? `#${i + 1}`;

/**
 * Checks a call's arguments against its function's signature, from the syntax alone (so the same
 * rule holds at load time and at run time): the number of arguments, a lambda where the function
 * takes none ("a lambda where a value is expected"), and a value where it needs one. A function
 * without a signature (`fake.*`, `date.*`) takes values only.
 *
 * @example
 * argumentProblem(FUNCTIONS.filter, parseExpression('filter(items)').args)
 * // { message: 'filter() takes 2 arguments, got 1.', hint: 'Call it as filter(list, x => condition).', ... }
 */
export function argumentProblem(fn: Builtin, args: readonly Node[], callOffset = 0): ArgumentProblem | undefined {
  const signature = fn.signature;
  if (!signature) {
    const lambda = args.find((a) => a.kind === 'lambda');
    return lambda
      ? { message: `${fn.name}() takes values, not a lambda.`, offset: lambda.offset, hint: LAMBDA_HINT }
      : undefined;
  }
  const hint = `Call it as ${signature.usage}.`;
  const { min, max } = signature;
  if (args.length < min || args.length > max) {
    const wanted =
      min === max
        ? `${min} argument${min === 1 ? '' : 's'}`
        : max === Infinity
          ? `${min} or more arguments`
          : `${min} to ${max} arguments`;
    const at = args.length > max ? args[max]!.offset : callOffset;
    return { message: `${fn.name}() takes ${wanted}, got ${args.length}.`, offset: at, hint };
  }
  for (const [i, arg] of args.entries()) {
    const lambdaHere = signature.lambda?.at === i;
    if (arg.kind === 'lambda' && !lambdaHere)
      return {
        message: `${fn.name}() takes a value as its ${ordinal(i)} argument, not a lambda.`,
        offset: arg.offset,
        hint,
      };
    if (arg.kind !== 'lambda' && lambdaHere && signature.lambda!.required)
      return {
        message: `${fn.name}() needs a lambda as its ${ordinal(i)} argument, such as x => x.qty > 0.`,
        offset: arg.offset,
        hint,
      };
  }
  return undefined;
}

const LAMBDA_HINT =
  'Only filter, map, find, some, every, count, sum, min, max, sort and unique take a lambda: filter(items, x => x.qty > 0).';
