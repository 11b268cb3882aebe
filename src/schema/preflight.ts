import { Type, type Static } from '../core/typebox.js';

/**
 * The longest a preflight margin may be: 400 days. A certificate lives at most 398 days (CA/Browser
 * Forum Baseline Requirements §6.3.2), so a wider margin would fail every certificate there is.
 */
export const MAX_EXPIRY_MARGIN_DAYS = 400;

/** Units of an expiry margin; unlike a timer's duration it may count days (`7d`). */
export const EXPIRY_MARGIN_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*$';

/** `preflight:` of rehearse.config.yaml: what `rehearse preflight` (and `rehearse run` first) checks per tenant. */
export const PreflightConfig = Type.Object(
  {
    expiryMargin: Type.Optional(
      Type.String({
        pattern: EXPIRY_MARGIN_PATTERN,
        description:
          'how long configured tokens (a bearer or API key that is a JWT) and the TLS certificates of the target and partner hosts must still be valid, e.g. 7d, 48h (default 7d)',
        examples: ['7d', '48h'],
      }),
    ),
    tenantPath: Type.Optional(
      Type.String({
        pattern: '^/',
        description:
          "where a tenant's configuration and feature flags are read with its credentials (JSON { features, settings }), default /api/v1/tenant",
        examples: ['/api/v1/tenant'],
      }),
    ),
    readPath: Type.Optional(
      Type.String({
        pattern: '^/',
        description:
          'the read call that proves a tenant’s credentials work (any GET its token may make), default the tenantPath',
        examples: ['/api/v1/items'],
      }),
    ),
    hosts: Type.Optional(
      Type.Array(
        Type.String({ pattern: '^https://\\S+$', description: 'an https URL (its host and port are checked)' }),
        {
          description:
            "partner hosts whose TLS certificates are checked besides the target's (baseUrl, uiUrl, virtualServices and absolute OAuth2 token URLs are checked without being listed); each must be in allowedHosts",
          examples: [['https://carrier.partner.example.com']],
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      'the tenant preflight: credentials work, tokens and certificates not about to expire, configuration and flags as each profile expects; `rehearse run` runs it before any scenario when this section is present',
  },
);
export type PreflightConfig = Static<typeof PreflightConfig>;

const FlagValue = Type.Union([Type.Boolean(), Type.String(), Type.Number()]);

/** `expects:` of a tenant profile: what the target must say of the tenant before any scenario runs. */
export const TenantExpectations = Type.Object(
  {
    features: Type.Optional(
      Type.Record(Type.String({ minLength: 1 }), FlagValue, {
        description: 'feature flags the target must report for the tenant, e.g. { edi: true }',
      }),
    ),
    settings: Type.Optional(
      Type.Record(Type.String({ minLength: 1 }), FlagValue, {
        description: 'settings the target must report for the tenant, e.g. { currency: EUR }',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      "what the target's tenant configuration (preflight.tenantPath) must say: flags and settings compared one by one; others are not checked",
  },
);
export type TenantExpectations = Static<typeof TenantExpectations>;
