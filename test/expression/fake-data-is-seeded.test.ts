import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render, renderError, scopeWith } from './helpers.js';

const ALL = [
  '{{ fake.uuid() }}',
  '{{ fake.company() }}',
  '{{ fake.person() }}',
  '{{ fake.firstName() }}',
  '{{ fake.lastName() }}',
  '{{ fake.email() }}',
  '{{ fake.phone() }}',
  '{{ fake.address() }}',
  '{{ fake.int() }}',
  '{{ fake.pick(["a", "b", "c", "d"]) }}',
  '{{ fake.code("PO-####-??") }}',
  '{{ fake.sku() }}',
];

/** Every fake function once, in order, from a fresh scope seeded with `seed`. */
const sequence = (seed: string) => {
  const scope = scopeWith({}, { seed });
  return ALL.map((source) => render(source, scope));
};

describe('fake data is seeded', () => {
  it('the same seed gives the same values, in the same order', () => {
    assert.deepEqual(sequence('run-42'), sequence('run-42'));
  });

  it('another seed gives other values', () => {
    const a = sequence('run-42');
    const b = sequence('run-43');
    assert.notDeepEqual(a, b);
    assert.notEqual(a[0], b[0], 'the uuid differs');
  });

  it('successive calls in one run give different values', () => {
    const scope = scopeWith({}, { seed: 's' });
    const ids = new Set(Array.from({ length: 20 }, () => render('{{ fake.uuid() }}', scope)));
    assert.equal(ids.size, 20);
  });
});

describe('fake functions', () => {
  const scope = scopeWith({}, { seed: 'shapes' });

  it('fake.code: # is a digit, ? an upper-case letter, the rest is kept; default ####', () => {
    for (let i = 0; i < 20; i++)
      assert.match(String(render('{{ fake.code("PO-####-??") }}', scope)), /^PO-\d{4}-[A-Z]{2}$/);
    assert.match(String(render('{{ fake.code() }}', scope)), /^\d{4}$/);
    assert.match(String(render('{{ fake.sku() }}', scope)), /^SKU-\d{5}$/);
  });

  it('fake.int stays within [min, max] inclusive, default [0, 1000]', () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 200; i++) seen.add(render('{{ fake.int(1, 3) }}', scope));
    assert.deepEqual([...seen].sort(), [1, 2, 3]);
    for (let i = 0; i < 50; i++) {
      const n = render('{{ fake.int() }}', scope) as number;
      assert.ok(Number.isInteger(n) && n >= 0 && n <= 1000, `${n} in [0, 1000]`);
    }
    assert.equal(render('{{ fake.int(7, 7) }}', scope), 7);
  });

  it('fake.int refuses a min above max or a non-number, as an expression error', () => {
    assert.equal(
      renderError('{{ fake.int(5, 1) }}', scope).message,
      'fake.int() needs two numbers, min <= max, got 5 and 1.',
    );
    assert.equal(renderError('{{ fake.int("x") }}', scope).code, 'REHEARSE_EXPR_TYPE');
  });

  it('fake.pick returns an element of the list, nothing for an empty list', () => {
    for (let i = 0; i < 20; i++) assert.ok(['a', 'b'].includes(render('{{ fake.pick(["a", "b"]) }}', scope) as string));
    assert.equal(render('{{ fake.pick([]) }}', scope), undefined);
    assert.equal(render('{{ fake.pick("ab") }}', scope), undefined);
  });

  it('fake.uuid is a v4 UUID and fake.email is lower-case', () => {
    assert.match(
      String(render('{{ fake.uuid() }}', scope)),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const email = String(render('{{ fake.email() }}', scope));
    assert.match(email, /^[^@\s]+@[^@\s]+\.[a-z]+$/);
    assert.equal(email, email.toLowerCase());
  });

  it('fake.address is a US address object', () => {
    const address = render('{{ fake.address() }}', scope) as Record<string, unknown>;
    assert.deepEqual(Object.keys(address), ['line1', 'city', 'region', 'postalCode', 'country']);
    assert.equal(address.country, 'US');
    assert.match(String(address.postalCode), /^\d{5}$/);
    assert.match(String(address.region), /^[A-Z]{2}$/);
  });

  it('names, company and phone are non-empty text', () => {
    for (const fn of ['company', 'person', 'firstName', 'lastName', 'phone']) {
      const value = render(`{{ fake.${fn}() }}`, scope);
      assert.equal(typeof value, 'string', fn);
      assert.ok((value as string).trim().length > 0, fn);
    }
  });
});

describe('fake data replays across Rehearse versions', () => {
  // Only Faker's English locale is loaded (not every locale): a seed must still give exactly what
  // `new Faker({ locale: [en, base] })` of the whole package gives, or old seeds stop replaying.
  it('a seed gives what the whole Faker package seeded alike gives', async () => {
    const { Faker, base, en } = await import('@faker-js/faker');
    const { fakeFunctions } = await import('../../src/expression/fake.js');
    const { createRng } = await import('../../src/core/rng.js');
    for (const seed of ['run-42', 'nightly-7', 'x']) {
      const fake = fakeFunctions(createRng(seed));
      const reference = new Faker({ locale: [en, base] });
      reference.seed(createRng(seed).int(0, 2 ** 31 - 1));
      const call = (name: string, args: unknown[] = []) =>
        (fake[name] as { call(a: unknown[], o: number): unknown }).call(args, 0);
      for (let i = 0; i < 25; i++) {
        assert.equal(call('person'), reference.person.fullName());
        assert.equal(call('company'), reference.company.name());
        assert.equal(call('email'), reference.internet.email().toLowerCase());
        assert.equal(call('phone'), reference.phone.number({ style: 'national' }));
        assert.equal(call('uuid'), reference.string.uuid());
        assert.equal(call('int', [1, 500]), reference.number.int({ min: 1, max: 500 }));
      }
    }
  });
});
