import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExpression } from '../../src/expression/index.js';
import { parseError, renderError, scopeWith } from './helpers.js';

/** Asserts `source` fails to parse with `message` at `offset` (counted in the whole string). */
function failsAt(source: string, message: string, offset: number): void {
  const error = parseError(source);
  assert.equal(error.code, 'REHEARSE_EXPR_SYNTAX');
  assert.equal(error.message, message);
  assert.equal(
    error.offset,
    offset,
    `offset in ${JSON.stringify(source)}: ^ at ${JSON.stringify(source.slice(offset))}`,
  );
}

describe('syntax errors say what and where (offset in the whole string)', () => {
  it('an expression that ends too early points at its end, with a hint', () => {
    failsAt('{{ qty + }}', 'The expression ends too early.', 9);
    failsAt('SO-{{ qty + }}', 'The expression ends too early.', 12);
    assert.equal(parseError('{{ qty + }}').hint, 'Complete it, e.g. "{{ qty + 1 }}".');
  });

  it('an unexpected character points at it', () => {
    failsAt('{{ qty # 2 }}', 'Unexpected character "#".', 7);
    failsAt('id-{{ a }}-{{ b @ c }}', 'Unexpected character "@".', 16);
  });

  it('an unterminated string points at its opening quote', () => {
    failsAt('x {{ "abc }}', 'Unterminated string.', 5);
    assert.equal(parseError('{{ "abc }}').hint, 'Close it with ".');
  });

  it('a value after a complete expression points at it', () => {
    failsAt('{{ 3 4 }}', 'Unexpected "4" after the expression.', 5);
    failsAt('{{ a b }}', 'Unexpected "b" after the expression.', 5);
  });

  it('a missing ), ] or : points where it was expected', () => {
    failsAt('{{ (1 }}', 'Expected ")" but found the end of the expression.', 6);
    failsAt('{{ [1, 2 3] }}', 'Expected "," but found "3".', 9);
    failsAt('{{ a ? b }}', 'Expected ":" but found the end of the expression.', 9);
  });

  it('a dot must be followed by a name', () => {
    failsAt('{{ a. }}', 'Expected a property name after "." but found the end of the expression.', 6);
    failsAt('{{ a."b" }}', 'Expected a property name after "." but found string "b".', 5);
  });

  it('an operator without a left side', () => {
    failsAt('{{ * 2 }}', 'Unexpected "*".', 3);
    assert.equal(parseError('{{ * 2 }}').hint, 'An operator needs a value on each side.');
  });

  it('an unclosed {{ and an empty {{ }} point at the braces', () => {
    failsAt('ok {{ qty', '"{{" is never closed.', 3);
    failsAt('a {{   }} b', 'Empty expression "{{ }}".', 2);
  });

  it('parseExpression offsets count from the start of the expression text', () => {
    assert.throws(() => parseExpression('qty +'), { name: 'ExpressionError', offset: 5 });
  });
});

describe('evaluation errors carry positions too', () => {
  it('a missing name is located in the whole string', () => {
    const error = renderError('Order {{ orderId }} for {{ custmer }}', scopeWith({ orderId: 1, customer: 'C' }));
    assert.equal(error.offset, 27);
    assert.match(error.hint ?? '', /Did you mean "customer"\?/);
  });

  it('a missing key is located at the key', () => {
    const error = renderError('x{{ order.nope }}', scopeWith({ order: { id: 1 } }));
    assert.equal(error.offset, 10);
  });
});
