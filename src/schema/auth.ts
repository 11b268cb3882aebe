import { Type, type Static } from '@sinclair/typebox';
import { SecretRef } from './common.js';

const Bearer = Type.Object(
  { type: Type.Literal('bearer'), token: SecretRef },
  { additionalProperties: false, description: 'static bearer token' },
);
const ApiKey = Type.Object(
  {
    type: Type.Literal('apiKey'),
    header: Type.Optional(Type.String({ description: 'header name, default X-Api-Key' })),
    query: Type.Optional(Type.String({ description: 'send as this query parameter instead of a header' })),
    value: SecretRef,
  },
  { additionalProperties: false, description: 'API key header' },
);
const Basic = Type.Object(
  { type: Type.Literal('basic'), username: SecretRef, password: SecretRef },
  { additionalProperties: false, description: 'HTTP basic auth' },
);
const OAuth2 = Type.Object(
  {
    type: Type.Literal('oauth2'),
    tokenUrl: Type.String({ description: 'token endpoint, absolute or relative to the base URL' }),
    clientId: SecretRef,
    clientSecret: SecretRef,
    scope: Type.Optional(Type.String()),
    audience: Type.Optional(Type.String()),
  },
  { additionalProperties: false, description: 'OAuth2 client credentials' },
);

/** How a tenant authenticates against the target; every value is a secret reference. */
export const AuthConfig = Type.Union([Bearer, ApiKey, Basic, OAuth2], {
  description: 'auth: { type: bearer | apiKey | basic | oauth2, ... } with env:/file: secret references',
});
export type AuthConfig = Static<typeof AuthConfig>;
