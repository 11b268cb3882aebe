import type { Node } from './ast.js';
import { syntaxError } from './expression-error.js';
import { tokenize, type Token } from './tokenize.js';

const BINARY_PRECEDENCE: Record<string, number> = {
  '??': 1,
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
  '%': 7,
};
const MAX_DEPTH = 64;

/**
 * Parses one expression (the text between `{{` and `}}`) into a tree.
 * A hand-written Pratt parser: nothing is ever evaluated as JavaScript.
 *
 * @example
 * parseExpression('qty * 2 + 1')
 */
export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let position = 0;
  let depth = 0;
  const peek = (): Token => tokens[position]!;
  const next = (): Token => tokens[position++]!;
  const isPunct = (value: string) => {
    const t = peek();
    return t.type === 'punct' && t.value === value;
  };
  const expect = (value: string) => {
    const t = next();
    if (t.type !== 'punct' || t.value !== value)
      throw syntaxError(`Expected "${value}" but found ${describe(t)}.`, t.offset);
  };

  const expression = (minPrecedence = 0): Node => {
    if (++depth > MAX_DEPTH) throw syntaxError('Expression is nested too deeply.', peek().offset);
    let left = unary();
    for (;;) {
      const t = peek();
      if (t.type === 'punct' && t.value === '?' && minPrecedence === 0) {
        next();
        const then = expression(0);
        expect(':');
        const otherwise = expression(0);
        left = { kind: 'conditional', test: left, then, otherwise, offset: t.offset };
        continue;
      }
      const precedence = t.type === 'punct' ? BINARY_PRECEDENCE[t.value] : undefined;
      if (precedence === undefined || precedence <= minPrecedence) break;
      next();
      const right = expression(precedence);
      left = { kind: 'binary', operator: (t as { value: string }).value, left, right, offset: t.offset };
    }
    depth--;
    return left;
  };

  const unary = (): Node => {
    const t = peek();
    if (t.type === 'punct' && (t.value === '!' || t.value === '-')) {
      next();
      return { kind: 'unary', operator: t.value, operand: unary(), offset: t.offset };
    }
    return postfix(primary());
  };

  const postfix = (node: Node): Node => {
    for (;;) {
      const t = peek();
      if (t.type !== 'punct') return node;
      if (t.value === '.') {
        next();
        const name = next();
        if (name.type !== 'name')
          throw syntaxError(`Expected a property name after "." but found ${describe(name)}.`, name.offset);
        node = { kind: 'member', object: node, property: name.value, offset: name.offset };
      } else if (t.value === '[') {
        next();
        const property = expression();
        expect(']');
        node = { kind: 'member', object: node, property, offset: t.offset };
      } else if (t.value === '(') {
        next();
        const args: Node[] = [];
        while (!isPunct(')')) {
          args.push(lambdaAhead() ? lambda() : expression());
          if (!isPunct(')')) expect(',');
        }
        next();
        node = { kind: 'call', callee: node, args, offset: node.offset };
      } else {
        return node;
      }
    }
  };

  /** Where a lambda starts: `x =>` or `(` names `) =>`; the number of tokens its head spans, or 0. */
  const lambdaHead = (): number => {
    const t = peek();
    if (t.type === 'name') return isArrow(tokens[position + 1]) ? 1 : 0;
    if (t.type !== 'punct' || t.value !== '(') return 0;
    let i = position + 1;
    if (tokens[i]?.type === 'name') {
      i++;
      while (isPunctToken(tokens[i], ',') && tokens[i + 1]?.type === 'name') i += 2;
    }
    return isPunctToken(tokens[i], ')') && isArrow(tokens[i + 1]) ? i + 1 - position : 0;
  };
  const lambdaAhead = () => lambdaHead() > 0;

  const lambda = (): Node => {
    const start = peek();
    const length = lambdaHead();
    const params = tokens
      .slice(position, position + length)
      .filter((t): t is Extract<Token, { type: 'name' }> => t.type === 'name');
    position += length;
    const arrow = next();
    if (params.length === 0)
      throw syntaxError('A lambda needs a parameter: the item.', arrow.offset, 'Write x => x.qty > 0.');
    if (params.length > 2)
      throw syntaxError(
        `A lambda takes one or two parameters (the item and its index), got ${params.length}.`,
        params[2]!.offset,
        'Write x => ... or (x, i) => ....',
      );
    const seen = new Set<string>();
    for (const p of params) {
      if (LITERAL_NAMES.has(p.value))
        throw syntaxError(`"${p.value}" cannot name a lambda parameter.`, p.offset, 'Pick another name, e.g. x.');
      if (seen.has(p.value))
        throw syntaxError(`The lambda parameter "${p.value}" is named twice.`, p.offset, 'Write (x, i) => ....');
      seen.add(p.value);
    }
    if (peek().type === 'end')
      throw syntaxError('The lambda has no body.', peek().offset, 'Write what it computes after "=>": x => x.qty.');
    const body = lambdaAhead() ? notHere() : expression();
    return { kind: 'lambda', params: params.map((p) => p.value), body, offset: start.offset };
  };

  /** A lambda anywhere but as a function's argument: it is not a value. */
  const notHere = (): never => {
    throw syntaxError(
      'A lambda can only be an argument of a function that takes one.',
      peek().offset,
      'Pass it to a collection function: filter(items, x => x.qty > 0), map(...), find(...), sum(lines, l => l.qty * l.price).',
    );
  };

  const primary = (): Node => {
    if (lambdaAhead()) notHere();
    const t = next();
    switch (t.type) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: t.value, offset: t.offset };
      case 'name':
        if (t.value === 'true' || t.value === 'false')
          return { kind: 'literal', value: t.value === 'true', offset: t.offset };
        if (t.value === 'null') return { kind: 'literal', value: null, offset: t.offset };
        return { kind: 'name', name: t.value, offset: t.offset };
      case 'punct':
        if (t.value === '(') {
          const inner = expression();
          expect(')');
          return inner;
        }
        if (t.value === '[') {
          const items: Node[] = [];
          while (!isPunct(']')) {
            items.push(expression());
            if (!isPunct(']')) expect(',');
          }
          next();
          return { kind: 'array', items, offset: t.offset };
        }
        throw syntaxError(`Unexpected "${t.value}".`, t.offset, 'An operator needs a value on each side.');
      case 'end':
        throw syntaxError('The expression ends too early.', t.offset, 'Complete it, e.g. "{{ qty + 1 }}".');
    }
  };

  const tree = expression();
  const rest = peek();
  if (rest.type !== 'end') throw syntaxError(`Unexpected ${describe(rest)} after the expression.`, rest.offset);
  return tree;
}

const LITERAL_NAMES = new Set(['true', 'false', 'null']);

const isPunctToken = (token: Token | undefined, value: string): boolean =>
  token?.type === 'punct' && token.value === value;
const isArrow = (token: Token | undefined): boolean => isPunctToken(token, '=>');

function describe(token: Token): string {
  if (token.type === 'end') return 'the end of the expression';
  if (token.type === 'string') return `string "${token.value}"`;
  return `"${String(token.value)}"`;
}
