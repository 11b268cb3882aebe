import { suggestionHint } from '../core/did-you-mean.js';
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
      return -toNumber(value, '-', node.offset);
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
      `A property key must be a string or number, got ${JSON.stringify(key)}.`,
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
  if (typeof object === 'string' && key === 'length') return object.length;
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
      return toNumber(left, '+', node.offset) + toNumber(right, '+', node.offset);
    case '-':
      return toNumber(left, '-', node.offset) - toNumber(right, '-', node.offset);
    case '*':
      return toNumber(left, '*', node.offset) * toNumber(right, '*', node.offset);
    case '/':
    case '%': {
      const divisor = toNumber(right, operator, node.offset);
      if (divisor === 0) throw new ExpressionError('REHEARSE_EXPR_TYPE', 'Division by zero.', { offset: node.offset });
      const dividend = toNumber(left, operator, node.offset);
      return operator === '/' ? dividend / divisor : dividend % divisor;
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
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function toNumber(value: unknown, operator: string, offset: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new ExpressionError('REHEARSE_EXPR_TYPE', `"${operator}" needs numbers, got ${JSON.stringify(value)}.`, {
    offset,
  });
}

function compare(a: unknown, b: unknown, operator: string, offset: number): boolean {
  const both = typeof a === 'string' && typeof b === 'string';
  const x = both ? a : toNumber(a, operator, offset);
  const y = both ? b : toNumber(b, operator, offset);
  switch (operator) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

export function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function describeCallee(node: Node): string {
  if (node.kind === 'name') return `"${node.name}"`;
  if (node.kind === 'member')
    return `${describeCallee(node.object).replace(/"$/, '')}.${typeof node.property === 'string' ? node.property : '[…]'}"`;
  return 'the value';
}
