import { Type, type Static, type TSchema, type TString } from '../core/typebox.js';
import { DURATION_MAX_KEYWORD, DURATION_PATTERN, MAX_TIMER_MS } from '../core/duration.js';
import { IDENTIFIER_PATTERN, excludingReservedNames } from '../core/reserved-names.js';
import { SECRET_REF_PATTERN } from '../core/secret-ref.js';

/** "800ms", "30s", "2m", "1h", at most what a timer holds (MAX_TIMER_MS). */
export const Duration = Type.String({
  pattern: DURATION_PATTERN,
  [DURATION_MAX_KEYWORD]: MAX_TIMER_MS,
  description: 'a duration such as 800ms, 30s, 2m or 1h',
  examples: ['500ms', '30s', '2m'],
});

/** `followRedirects`: true (up to 20 hops, Playwright's default), false (a 3xx is the answer), or at most N hops. */
export const FollowRedirects = Type.Union([Type.Boolean(), Type.Integer({ minimum: 0, maximum: 100 })], {
  description:
    'follow 3xx redirects: true (default, up to 20 hops, each checked against allowedHosts), false (a 3xx is the answer), or at most this many hops',
});

/** A value that may be written as a `{{ expression }}` string. */
export const orExpression = <T extends TSchema>(schema: T) =>
  Type.Union([schema, Type.String({ pattern: '^\\s*\\{\\{.*\\}\\}\\s*$', description: 'a {{ expression }}' })], {
    description: `${schema.description ?? schema.type ?? 'value'} or a {{ expression }}`,
  });

export const SecretRef = Type.String({
  pattern: SECRET_REF_PATTERN,
  description: 'a secret reference: env:NAME or file:path (never a literal secret)',
  examples: ['env:ERP_CLIENT_SECRET', 'file:secrets/erp.txt'],
});

export const Name = Type.String({
  pattern: excludingReservedNames('^[a-z0-9][a-z0-9-]*$'),
  description: 'a lower-case name of letters, digits and dashes',
  examples: ['order-to-cash'],
});

/** A variable or parameter name: what `{{ name }}` can read. */
export const Identifier = Type.String({
  pattern: IDENTIFIER_PATTERN,
  description:
    'a name of letters, digits and _ that does not start with a digit, and not a built-in root (tenant, env, run, vars, fake, date, now, today)',
  examples: ['orderId', 'qty'],
});

/** An action name: dotted, lower-case first letters (`order.create`). */
export const ActionName = Type.String({
  pattern: '^[a-z][\\w-]*(\\.[a-z][\\w-]*)+$',
  description: 'dotted name like order.create',
  examples: ['order.create', 'invoice.find'],
});

/**
 * A mapping whose keys are names of `key`'s form. TypeBox's own `Type.Record(Type.String({ pattern }), …)`
 * writes the pattern as `patternProperties` without `additionalProperties: false`, so a key
 * that breaks the pattern is silently accepted; `propertyNames` checks every key.
 */
export const NamedRecord = <V extends TSchema>(key: TString, value: V, options: { description?: string } = {}) =>
  Type.Record(Type.String(), value, { ...options, propertyNames: key });

export const Tag = Type.String({
  pattern: '^@?[A-Za-z0-9][\\w:.-]*$',
  description: 'a tag such as smoke or order-to-cash',
});

/** `{ "<path>": literal | { <matcher>: value } }`; checked in depth by the matchers' lint. */
export const ExpectSpec = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'assertions: a path (or key) mapped to a value or a matcher object such as { gte: 5 } or { after: "{{ run.startedAt }}" }; matchers: eq, ne, gt, gte, lt, lte, before, after, in, contains, matches, exists, length, type, approx, schema',
});

/** `{ variable: "<path into the step's subject>" }`. */
export const SaveSpec = NamedRecord(Identifier, Type.String(), {
  description: 'captures: variable name mapped to a path into the step result (e.g. body.id, headers.location, status)',
});

export type ExpectSpec = Static<typeof ExpectSpec>;
export type SaveSpec = Static<typeof SaveSpec>;
