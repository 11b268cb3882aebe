import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate, referencedNames } from '../../src/expression/index.js';
import { render, renderError, scopeWith } from './helpers.js';

const scope = scopeWith({ orderId: 'SO-1', order: { id: 'SO-1', status: 'open' }, lines: [{ qty: 1 }], none: null });

describe('unknown names fail and list the names that exist', () => {
  it('an unknown root name lists the variables and the built-in roots', () => {
    const error = renderError('{{ customerId }}', scope);
    assert.equal(error.code, 'REHEARSE_UNKNOWN_NAME');
    assert.equal(error.message, 'Unknown name "customerId".');
    assert.equal(error.offset, 3);
    assert.match(error.hint ?? '', /Names here: orderId, order, lines, none, tenant, env, run, vars, fake, date\.$/);
  });

  it('a near miss gets a did-you-mean', () => {
    const error = renderError('{{ orderid }}', scope);
    assert.match(error.hint ?? '', /^Did you mean "orderId"\?/);
  });

  it('a missing key lists the keys of the object', () => {
    const error = renderError('{{ order.state }}', scope);
    assert.equal(error.code, 'REHEARSE_UNKNOWN_NAME');
    assert.equal(error.message, '"order" has no "state".');
    assert.match(error.hint ?? '', /Keys: id, status\.$/);
    assert.match(error.hint ?? '', /Did you mean "status"\?/);
  });

  it('an index past the end says how many items there are', () => {
    const error = renderError('{{ lines[3].qty }}', scope);
    assert.equal(error.message, 'Index 3 is out of range: "lines" has 1 item(s).');
  });

  it('an env name that is not exposed lists the exposed ones', () => {
    const error = renderError('{{ env.SECRET_TOKEN }}', scope);
    assert.equal(error.message, '"env" has no "SECRET_TOKEN".');
    assert.match(error.hint ?? '', /Keys: REGION\.$/);
  });

  it('reading through null says the value is null', () => {
    const error = renderError('{{ none.id }}', scope);
    assert.equal(error.message, 'Cannot read "id" of "none": it is null.');
    assert.match(error.hint ?? '', /saved or defined before this step/);
  });

  it('an unknown fake or date function lists the ones that exist', () => {
    assert.match(renderError('{{ fake.colour() }}', scope).hint ?? '', /Keys: uuid, company, person,.* sku\.$/);
    assert.match(renderError('{{ date.add(now(), 1) }}', scope).hint ?? '', /Keys: plus, minus, format, parse\.$/);
  });

  it('calling something that is not a function lists the functions', () => {
    const error = renderError('{{ orderId(1) }}', scope);
    assert.equal(error.code, 'REHEARSE_EXPR_TYPE');
    assert.equal(error.message, '"orderId" is not a function.');
    assert.match(error.hint ?? '', /^Functions: len, upper, lower, .*, now, today, fake\.\*, date\.\*\.$/);
  });

  it('there is no `saved` root: saved values are plain names (or vars.NAME)', () => {
    assert.equal(renderError('{{ saved.orderId }}', scope).message, 'Unknown name "saved".');
    assert.equal(render('{{ vars.orderId }}', scope), 'SO-1');
  });

  it('reserved roots cannot be shadowed by a variable of the same name', () => {
    const shadowing = scopeWith({ tenant: 'mine', env: 'mine' }, { tenant: { tenantId: 'acme' } });
    assert.equal(render('{{ tenant.tenantId }}', shadowing), 'acme');
    assert.equal(render('{{ env.REGION }}', shadowing), 'eu-west');
  });
});

describe('referencedNames (load-time checks)', () => {
  it('lists each root name read, with its offset in the whole string, member and call flag', () => {
    const refs = referencedNames(parseTemplate('SO-{{ env.REGION }}/{{ upper(order.id) }}-{{ list[i] }}'));
    assert.deepEqual(refs, [
      { name: 'env', offset: 6, member: 'REGION', called: false },
      { name: 'upper', offset: 23, called: true },
      { name: 'order', offset: 29, member: 'id', called: false },
      { name: 'list', offset: 45, called: false },
      { name: 'i', offset: 50, called: false },
    ]);
  });
});
