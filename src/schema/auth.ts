import { Type, type Static } from '../core/typebox.js';
import { ActionName, SecretRef } from './common.js';
import { HeaderName } from './session.js';

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

const LoginToken = Type.Union(
  [
    Type.Object(
      {
        from: Type.Literal('body'),
        path: Type.String({ minLength: 1, description: 'a path into the body, e.g. data.login.token' }),
      },
      { additionalProperties: false, description: 'a field of the JSON body of the login’s last answer' },
    ),
    Type.Object(
      { from: Type.Literal('header'), name: HeaderName },
      { additionalProperties: false, description: 'a response header of the login’s last answer' },
    ),
    Type.Object(
      { from: Type.Literal('cookie'), name: Type.String({ minLength: 1, description: 'the cookie’s name' }) },
      { additionalProperties: false, description: 'a cookie the login’s last answer sets (Set-Cookie)' },
    ),
  ],
  {
    description:
      'where the token is: { from: body, path } | { from: header, name } | { from: cookie, name } of the login action’s last answer',
  },
);

const Login = Type.Object(
  {
    type: Type.Literal('login'),
    action: ActionName,
    with: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          'the action’s parameters; credentials as secret references (env:NAME, file:path), other values as written',
      }),
    ),
    token: LoginToken,
    header: Type.Optional(
      Type.String({
        pattern: HeaderName.pattern,
        description: 'the header that carries the token (default Authorization; Cookie for a token from a cookie)',
      }),
    ),
    prefix: Type.Optional(
      Type.String({
        description: "text before the token (default 'Bearer ' for Authorization, '<name>=' for a cookie, else none)",
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'a token from running a login action (a form POST, a GraphQL mutation), cached per tenant and worker, renewed once on a 401',
  },
);

/** How a tenant authenticates against the target; credentials are secret references. */
export const AuthConfig = Type.Union([Bearer, ApiKey, Basic, OAuth2, Login], {
  description: 'auth: { type: bearer | apiKey | basic | oauth2 | login, ... } with env:/file: secret references',
});
export type AuthConfig = Static<typeof AuthConfig>;

/** The `login` auth type. */
export type LoginAuthConfig = Extract<AuthConfig, { type: 'login' }>;
