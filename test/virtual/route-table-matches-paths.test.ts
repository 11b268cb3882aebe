import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePathPattern, reply, RouteTable, splitPath } from '../../src/virtual/index.js';

const resolver = () => reply.json({});

describe('route table', () => {
  it('captures decoded params and matches literal segments exactly', () => {
    const pattern = compilePathPattern('/tracking/:trackingNumber');
    assert.deepEqual(pattern.match(splitPath('/tracking/1Z%2099')), { trackingNumber: '1Z 99' });
    assert.equal(pattern.match(splitPath('/tracking')), undefined);
    assert.equal(pattern.match(splitPath('/tracking/1/extra')), undefined);
    assert.equal(pattern.match(splitPath('/trackings/1')), undefined);
  });

  it('treats a trailing * as the rest of the path and a middle * as one segment', () => {
    assert.ok(compilePathPattern('/files/*').match(splitPath('/files/a/b/c')));
    assert.ok(compilePathPattern('/files/*').match(splitPath('/files')));
    assert.ok(compilePathPattern('/a/*/c').match(splitPath('/a/b/c')));
    assert.equal(compilePathPattern('/a/*/c').match(splitPath('/a/b/x/c')), undefined);
  });

  it('dispatches by method and lets the first registered route win, like msw', () => {
    const table = new RouteTable();
    table.add('GET', '/orders/:id', resolver);
    table.add('GET', '/orders/latest', resolver);
    table.add('POST', '/orders', resolver);
    table.add('*', '/:anything/ping', resolver);
    assert.equal(table.match('GET', ['orders', 'latest'])?.route.key, 'GET /orders/:id');
    assert.equal(table.match('POST', ['orders'])?.route.key, 'POST /orders');
    assert.equal(table.match('DELETE', ['orders']), undefined);
    assert.equal(table.match('PUT', ['x', 'ping'])?.route.key, 'ALL /:anything/ping');
  });
});
