import { Type, type Static } from '../core/typebox.js';
import { Name } from './common.js';

/**
 * How long a cookie jar lives (config, environment, tenant profile): `off` (no cookie is kept or
 * sent), `scenario` (the default: one jar per scenario run, and per copy of a `parallel` block),
 * `tenant` (one jar per tenant in each Playwright worker, shared by that tenant's scenario runs).
 */
export const CookieMode = Type.Union([Type.Literal('off'), Type.Literal('scenario'), Type.Literal('tenant')], {
  description:
    'cookie jar: off (none kept or sent) | scenario (default: one per scenario run and parallel copy) | tenant (one per tenant per worker, shared by its scenario runs)',
});
export type CookieMode = Static<typeof CookieMode>;

/**
 * Which jar a step or an action file uses: `off` (no cookie sent, none kept), or a named jar of
 * its own (`{ jar: admin }`) that lives as long as the default one but never meets its cookies —
 * e.g. an admin API's session kept apart from the shop API's on the same origin.
 */
export const CookieChoice = Type.Union(
  [
    Type.Literal('off'),
    Type.Object(
      { jar: Name },
      { additionalProperties: false, description: '{ jar: <name> }: a named jar (default: the scenario’s own)' },
    ),
  ],
  { description: 'cookies: off (none sent or kept) | { jar: <name> } (a jar of that name, kept apart)' },
);
export type CookieChoice = Static<typeof CookieChoice>;

/** An HTTP field name (RFC 9110 §5.1 token). */
export const HeaderName = Type.String({
  pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
  description: 'an HTTP header name',
  examples: ['X-Channel-Token', 'Accept-Language'],
});

/**
 * Default headers (`headers:` of an environment, a tenant profile, an action file): values are
 * text, `{{ }}` templates, or secret references (`env:NAME`, `file:path`), whose values are
 * masked in every output.
 */
export const DefaultHeaders = Type.Record(Type.String(), Type.String(), {
  propertyNames: HeaderName,
  description:
    'headers sent with every request: name → text, {{ expression }} or secret reference (env:NAME, file:path); a step’s own headers win',
});
export type DefaultHeaders = Static<typeof DefaultHeaders>;
