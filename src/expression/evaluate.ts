import { codePointLength } from '../core/code-point-length.js';
import { compareDecimal, decimalArithmetic, decimalNegate, DecimalError } from '../core/decimal-arithmetic.js';
import { suggestionHint } from '../core/did-you-mean.js';
import { LIMITS } from '../core/limits.js';
import { stringifyJson } from '../core/stringify-json.js';
import { argumentProblem } from './arguments.js';
import type { Node } from './ast.js';
import { isBuiltin, LAMBDA, type Lambda } from './builtin.js';
import { ExpressionError } from './expression-error.js';
import { FUNCTIONS } from './functions.js';
import { compareValues, toNumber } from './order.js';
import { truthy } from './truthy.js';

export { truthy };

/** What names an expression can see. */
export interface ExpressionScope {
  /** Resolves a root name (variables, `tenant`, `env`, `run`, `fake`, `date`, ...). */
  lookup(name: string): { found: true; value: unknown } | { found: false };
  /** Every root name that exists, for "did you mean" messages. */
  names(): string[];
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor', '__defineGetter__', '__lookupGetter__']);
const MAX_STRING = 1_000_000;

/**
 * Evaluates a parsed expression. Only own data properties and Rehearse's
 * builtins are reachable: no prototypes, no host objects, no code.
 */
export function evaluate(node: Node, scope: ExpressionScope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'array':
      return node.items.map((item) => evaluate(item, scope));
    case 'name': {
      const found = scope.lookup(node.name);
      if (found.found) return found.value;
      const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, node.name) ? FUNCTIONS[node.name] : undefined;
      if (fn) return fn;
      const names = scope.names();
      throw new ExpressionError('REHEARSE_UNKNOWN_NAME', `Unknown name "${node.name}".`, {
        offset: node.offset,
        hint:
          node.name === '$'
            ? ROOT_IN_EXPRESSION_HINT
            : `${suggestionHint(node.name, names, 'name')} Names here: ${names.join(', ')}.`,
      });
    }
    case 'lambda':
      // The parser lets a lambda stand only as an argument, and `call` binds it there.
      throw new ExpressionError('REHEARSE_EXPR_ARGUMENTS', 'A lambda is not a value.', {
        offset: node.offset,
        hint: 'Pass it to a collection function: filter(items, x => x.qty > 0).',
      });
    case 'member':
      return member(node, scope);
    case 'call': {
      // A called name is the function of that name, whatever variable shares it: data is never
      // code, so `count(items)` works in a scope that saved a `count`.
      const callee =
        node.callee.kind === 'name' && Object.hasOwn(FUNCTIONS, node.callee.name)
          ? FUNCTIONS[node.callee.name]
          : evaluate(node.callee, scope);
      if (!isBuiltin(callee)) {
        throw new ExpressionError('REHEARSE_EXPR_TYPE', `${describeCallee(node.callee)} is not a function.`, {
          offset: node.offset,
          hint: `Functions: ${Object.keys(FUNCTIONS).join(', ')}, now, today, fake.*, date.*.`,
        });
      }
      const problem = argumentProblem(callee, node.args, node.offset);
      if (problem)
        throw new ExpressionError('REHEARSE_EXPR_ARGUMENTS', problem.message, {
          offset: problem.offset,
          hint: problem.hint,
        });
      const args = node.args.map((a) => (a.kind === 'lambda' ? lambdaOf(a, scope) : evaluate(a, scope)));
      try {
        return callee.call(args, node.offset);
      } catch (error) {
        // A host error (RangeError, a faker error) fails as an expression error, never as a crash.
        if (error instanceof ExpressionError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new ExpressionError('REHEARSE_EXPR_TYPE', `${callee.name}() failed: ${reason}`, { offset: node.offset });
      }
    }
    case 'unary': {
      const value = evaluate(node.operand, scope);
      if (node.operator === '!') return !truthy(value);
      return decimalNegate(toNumber(value, '-', node.offset));
    }
    case 'conditional':
      return truthy(evaluate(node.test, scope)) ? evaluate(node.then, scope) : evaluate(node.otherwise, scope);
    case 'binary':
      return binary(node, scope);
  }
}

function member(node: Extract<Node, { kind: 'member' }>, scope: ExpressionScope): unknown {
  const object = evaluate(node.object, scope);
  const key = typeof node.property === 'string' ? node.property : evaluate(node.property, scope);
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw new ExpressionError(
      'REHEARSE_EXPR_TYPE',
      `A property key must be a string or number, got ${stringifyJson(key)}.`,
      { offset: node.offset },
    );
  }
  if (object === null || object === undefined) {
    throw new ExpressionError(
      'REHEARSE_UNKNOWN_NAME',
      `Cannot read "${key}" of ${describeCallee(node.object)}: it is ${String(object)}.`,
      {
        offset: node.offset,
        hint:
          node.object.kind === 'call'
            ? 'find() gives null when no item matches: give a default with ??, e.g. find(items, x => x.sku == sku).qty ?? 0.'
            : 'Check that the value was saved or defined before this step.',
      },
    );
  }
  // Characters as JSON Schema's maxLength and the `length` matcher count them (code points).
  if (typeof object === 'string' && key === 'length') return codePointLength(object);
  if (isBuiltin(object)) {
    // A builtin is code: its `call` and `name` are not data.
    throw new ExpressionError(
      'REHEARSE_EXPR_TYPE',
      `Cannot read "${key}" of ${describeCallee(node.object)}: it is a function.`,
      {
        offset: node.offset,
        hint: `Call it: ${describeCallee(node.object).replace(/"/g, '')}(...).`,
      },
    );
  }
  if (typeof object !== 'object') {
    throw new ExpressionError(
      'REHEARSE_EXPR_TYPE',
      `Cannot read "${key}" of ${describeCallee(node.object)}: it is a ${typeof object}.`,
      { offset: node.offset },
    );
  }
  const name = String(key);
  if (FORBIDDEN.has(name))
    throw new ExpressionError('REHEARSE_UNKNOWN_NAME', `"${name}" cannot be read in expressions.`, {
      offset: node.offset,
    });
  if (Array.isArray(object) && name === 'length') return object.length;
  if (Object.prototype.hasOwnProperty.call(object, name)) return (object as Record<string, unknown>)[name];
  if (Array.isArray(object)) {
    throw new ExpressionError(
      'REHEARSE_UNKNOWN_NAME',
      `Index ${name} is out of range: ${describeCallee(node.object)} has ${object.length} item(s).`,
      { offset: node.offset },
    );
  }
  const keys = Object.keys(object);
  throw new ExpressionError('REHEARSE_UNKNOWN_NAME', `${describeCallee(node.object)} has no "${name}".`, {
    offset: node.offset,
    hint: `${suggestionHint(name, keys, 'key')} Keys: ${keys.slice(0, 20).join(', ') || '(none)'}.`,
  });
}

function binary(node: Extract<Node, { kind: 'binary' }>, scope: ExpressionScope): unknown {
  const { operator } = node;
  if (operator === '&&') {
    const left = evaluate(node.left, scope);
    return truthy(left) ? evaluate(node.right, scope) : left;
  }
  if (operator === '||') {
    const left = evaluate(node.left, scope);
    return truthy(left) ? left : evaluate(node.right, scope);
  }
  if (operator === '??') {
    let left: unknown;
    try {
      left = evaluate(node.left, scope);
    } catch (error) {
      // `a ?? b` also covers a missing name or key: the point of a default.
      if (error instanceof ExpressionError && error.code === 'REHEARSE_UNKNOWN_NAME') left = undefined;
      else throw error;
    }
    return left === null || left === undefined ? evaluate(node.right, scope) : left;
  }
  const left = evaluate(node.left, scope);
  const right = evaluate(node.right, scope);
  switch (operator) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case '+':
      if (typeof left === 'string' || typeof right === 'string') {
        const text = stringify(left) + stringify(right);
        if (text.length > MAX_STRING)
          throw new ExpressionError('REHEARSE_EXPR_TYPE', 'String result is too long.', { offset: node.offset });
        return text;
      }
      return arithmetic('+', left, right, node.offset);
    case '-':
    case '*':
      return arithmetic(operator, left, right, node.offset);
    case '/':
    case '%': {
      const divisor = toNumber(right, operator, node.offset);
      if (compareDecimal(divisor, 0) === 0)
        throw new ExpressionError('REHEARSE_EXPR_TYPE', 'Division by zero.', { offset: node.offset });
      return arithmetic(operator, left, divisor, node.offset);
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(left, right, operator, node.offset);
    default:
      throw new ExpressionError('REHEARSE_EXPR_SYNTAX', `Unknown operator ${operator}.`, { offset: node.offset });
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' || typeof b === 'object') return stringifyJson(a) === stringifyJson(b);
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  // bigint == number compares the mathematical values: 9007199254740993n is not 9007199254740992.
  if (numeric(a) && numeric(b)) return a == b;
  return a === b;
}

/**
 * Arithmetic on decimal values (decimal.js), so `0.1 + 0.2 == 0.3` and a bigint keeps its digits;
 * the result is a number again (a bigint when it is a whole number beyond 2^53).
 */
function arithmetic(operator: '+' | '-' | '*' | '/' | '%', left: unknown, right: unknown, offset: number): unknown {
  const a = toNumber(left, operator, offset);
  const b = toNumber(right, operator, offset);
  try {
    return decimalArithmetic(operator, a, b);
  } catch (error) {
    if (error instanceof DecimalError)
      throw new ExpressionError('REHEARSE_EXPR_TYPE', `"${operator}" needs numbers: ${error.message}.`, { offset });
    throw error;
  }
}

/** `<` `<=` `>` `>=`, in the order `compareValues` gives (instants, text, exact numbers). */
function compare(a: unknown, b: unknown, operator: string, offset: number): boolean {
  const sign = compareValues(a, b, operator, offset);
  if (Number.isNaN(sign)) return false;
  switch (operator) {
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    default:
      return sign >= 0;
  }
}

/** A value as template text: nothing for null/undefined, JSON for objects (big integers digit for digit). */
export function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return stringifyJson(value) ?? '';
  return String(value);
}

function describeCallee(node: Node): string {
  if (node.kind === 'name') return `"${node.name}"`;
  if (node.kind === 'call') return `${describeCallee(node.callee).replace(/"$/, '')}(…)"`;
  if (node.kind === 'member')
    return `${describeCallee(node.object).replace(/"$/, '')}.${typeof node.property === 'string' ? node.property : '[…]'}"`;
  return 'the value';
}

/** Why `$` is not a name in an expression, and what to read instead. */
export const ROOT_IN_EXPRESSION_HINT =
  '"$" is the whole result in an expect key or a save path (save: { order: $ }); in an expression, read the last request\'s result as "response", or save what you need first.';

/** Lambda calls left to one outermost call of a collection function (nested lambdas share it). */
interface Budget {
  left: number;
}
const budgets = new WeakMap<ExpressionScope, Budget>();

/**
 * Binds a lambda to the scope it is written in: called with an item and its index, it evaluates
 * its body in a scope where its parameters shadow every other name. Every call spends one of
 * `LIMITS.lambdaCalls`, shared by the lambdas nested in one outermost call, so a lambda over a
 * huge list (or a map inside a map) stops with `REHEARSE_EXPR_LIMIT` instead of hanging a run.
 */
function lambdaOf(node: Extract<Node, { kind: 'lambda' }>, outer: ExpressionScope): Lambda {
  const budget = budgets.get(outer) ?? { left: LIMITS.lambdaCalls };
  const [itemName, indexName] = node.params;
  // One scope for all calls: a lambda never outlives the call it is an argument of, and its
  // calls never overlap (nothing in an expression runs concurrently).
  let bound: Record<string, unknown> = {};
  const inner: ExpressionScope = {
    lookup: (name) => (Object.hasOwn(bound, name) ? { found: true, value: bound[name] } : outer.lookup(name)),
    names: () => [...node.params, ...outer.names()],
  };
  budgets.set(inner, budget);
  return {
    [LAMBDA]: true,
    offset: node.offset,
    call(item, index) {
      if (--budget.left < 0)
        throw new ExpressionError(
          'REHEARSE_EXPR_LIMIT',
          `The lambda ran more than ${LIMITS.lambdaCalls.toLocaleString('en-US')} times in one expression.`,
          {
            offset: node.offset,
            hint: 'Narrow the list first (a path to the part you need), or check it with a matcher in expect.',
          },
        );
      bound = { [itemName!]: item };
      if (indexName !== undefined) bound[indexName] = index;
      return evaluate(node.body, inner);
    },
  };
}
