import { createRequire } from 'node:module';
import type * as FakerModule from '@faker-js/faker';
import type { Rng } from '../core/rng.js';
import { stringifyJson } from '../core/stringify-json.js';
import { builtin, type Namespace } from './builtin.js';
import { ExpressionError } from './expression-error.js';

type EnglishLocale = { faker: FakerModule.Faker };
let english: FakerModule.Faker | undefined;

/**
 * A new Faker over the English data (with its `base` fallback), as `new Faker({ locale: [en, base] })`
 * makes: Faker's own English instance is a singleton, and each scenario run needs a generator of
 * its own, seeded by it. Only `@faker-js/faker/locale/en` is loaded (about 60 ms), the first time a
 * scenario reaches `fake.*`: the package's main entry loads every locale (about 500 ms).
 */
function newEnglishFaker(): FakerModule.Faker {
  english ??= (createRequire(import.meta.url)('@faker-js/faker/locale/en') as EnglishLocale).faker;
  const FakerClass = english.constructor as typeof FakerModule.Faker;
  return new FakerClass({ locale: english.rawDefinitions });
}

/**
 * Seeded fake data: the same seed gives the same values, so a failing run
 * replays with `--seed`. `fake.code('PO-####-??')`: # a digit, ? a letter.
 */
export function fakeFunctions(rng: Rng): Namespace {
  const faker = newEnglishFaker();
  faker.seed(rng.int(0, 2 ** 31 - 1));
  const code = (pattern: string) =>
    pattern.replace(/[#?]/g, (c) =>
      c === '#' ? String(faker.number.int(9)) : String.fromCharCode(65 + faker.number.int(25)),
    );
  return {
    uuid: builtin('fake.uuid', () => faker.string.uuid()),
    company: builtin('fake.company', () => faker.company.name()),
    person: builtin('fake.person', () => faker.person.fullName()),
    firstName: builtin('fake.firstName', () => faker.person.firstName()),
    lastName: builtin('fake.lastName', () => faker.person.lastName()),
    email: builtin('fake.email', () => faker.internet.email().toLowerCase()),
    phone: builtin('fake.phone', () => faker.phone.number({ style: 'national' })),
    address: builtin('fake.address', () => ({
      line1: faker.location.streetAddress(),
      city: faker.location.city(),
      region: faker.location.state({ abbreviated: true }),
      postalCode: faker.location.zipCode('#####'),
      country: 'US',
    })),
    int: builtin('fake.int', ([min, max], offset) => {
      const low = Number(min ?? 0);
      const high = Number(max ?? 1000);
      if (!Number.isFinite(low) || !Number.isFinite(high) || low > high)
        throw new ExpressionError(
          'REHEARSE_EXPR_TYPE',
          `fake.int() needs two numbers, min <= max, got ${stringifyJson(min)} and ${stringifyJson(max)}.`,
          { offset },
        );
      return faker.number.int({ min: low, max: high });
    }),
    pick: builtin('fake.pick', ([items]) =>
      Array.isArray(items) && items.length ? faker.helpers.arrayElement(items) : undefined,
    ),
    code: builtin('fake.code', ([pattern]) => code(String(pattern ?? '####'))),
    sku: builtin('fake.sku', () => code('SKU-#####')),
  };
}
