import { codePointLength } from '../core/code-point-length.js';
import {
  compareDecimal,
  decimalArithmetic,
  decimalNegate,
  DecimalError,
  type DecimalInput,
} from '../core/decimal-arithmetic.js';
import { suggestionHint } from '../core/did-you-mean.js';
import { compareIsoInstants } from '../core/iso-instant.js';
import { stringifyJson } from '../core/stringify-json.js';
import type { Node } from './ast.js';
import { isBuiltin } from './builtin.js';
import { ExpressionError } from './expression-error.js';
import { FUNCTIONS } from './functions.js';

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
        hint: `${suggestionHint(node.name, names, 'name')} Names here: ${names.join(', ')}.`,
      });
    }
    case 'member':
      return member(node, scope);
    case 'call': {
      const callee = evaluate(node.callee, scope);
      if (!isBuiltin(callee)) {
        throw new ExpressionError('REHEARSE_EXPR_TYPE', `${describeCallee(node.callee)} is not a function.`, {
          offset: node.offset,
          hint: `Functions: ${Object.keys(FUNCTIONS).join(', ')}, now, today, fake.*, date.*.`,
        });
      }
      const args = node.args.map((a) => evaluate(a, scope));
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
        hint: 'Check that the value was saved or defined before this step.',
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

export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' || typeof b === 'object') return stringifyJson(a) === stringifyJson(b);
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  // bigint == number compares the mathematical values: 9007199254740993n is not 9007199254740992.
  if (numeric(a) && numeric(b)) return a == b;
  return a === b;
}

/** An operand of arithmetic: a number, a bigint, or a numeric string kept as its text (exact). */
function toNumber(value: unknown, operator: string, offset: number): DecimalInput {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new ExpressionError('REHEARSE_EXPR_TYPE', `"${operator}" needs numbers, got ${stringifyJson(value)}.`, {
    offset,
  });
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

/**
 * `<` `<=` `>` `>=`: two ISO 8601 timestamps as instants (whatever their offsets and precision, as
 * the gt/gte/lt/lte matchers do), two other strings as text, anything else as exact numbers.
 */
function compare(a: unknown, b: unknown, operator: string, offset: number): boolean {
  let sign: number;
  if (typeof a === 'string' && typeof b === 'string') {
    sign = compareIsoInstants(a, b) ?? (a < b ? -1 : a > b ? 1 : 0);
  } else {
    sign = compareDecimal(toNumber(a, operator, offset), toNumber(b, operator, offset));
    if (Number.isNaN(sign)) return false;
  }
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
  if (node.kind === 'member')
    return `${describeCallee(node.object).replace(/"$/, '')}.${typeof node.property === 'string' ? node.property : '[…]'}"`;
  return 'the value';
}
