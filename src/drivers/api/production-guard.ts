import { createRequire } from 'node:module';
import type * as GraphQlModule from 'graphql';
import type { DocumentNode } from 'graphql';
import type { TransportRequest } from '../../engine/transport.js';

// graphql (about 100 modules) is loaded when a production run first meets a GraphQL document:
// every other Playwright worker and CLI run never needs it.
type GraphQl = Pick<typeof GraphQlModule, 'Kind' | 'parse'>;
let graphqlModule: GraphQl | undefined;
function graphql(): GraphQl {
  return (graphqlModule ??= createRequire(import.meta.url)('graphql') as GraphQl);
}

/** The request as the driver is about to send it. */
export interface GuardedRequest {
  /** Upper-case. */
  method: string;
  /** With the step's `query` already appended. */
  url: URL;
  /** Final headers, names lower-cased. */
  headers: Readonly<Record<string, string>>;
  body?: TransportRequest['body'];
  /** Rehearse's own OAuth2 token request. */
  tokenRequest?: boolean;
  /** The body is a GraphQL request built by the `graphql` step. */
  graphql?: boolean;
}

const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Headers that frameworks (Rails, Laravel, Spring's HiddenHttpMethodFilter, ASP.NET, Express method-override) read as the real method. */
const OVERRIDE_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'] as const;

/**
 * The production guard's rule: in an environment marked `production` (and a
 * scenario not tagged `prod-safe`), a request is refused when it could change
 * data, whatever its method says:
 *
 * 1. a method other than GET, HEAD and OPTIONS (RFC 9110 §9.2.1 "safe"
 *    methods), except Rehearse's own OAuth2 token request and a `graphql`
 *    step's POST whose document holds only queries;
 * 2. a method override naming another method: the `X-HTTP-Method-Override`,
 *    `X-HTTP-Method` and `X-Method-Override` headers, or a `_method` field in
 *    the query string, a form body or a JSON body;
 * 3. a GraphQL document holding a mutation or a subscription — in a `query`
 *    URL parameter (GraphQL over HTTP, GET) or the `graphql` step's body —
 *    whichever operation `operationName` picks, since servers differ in how
 *    they run a document of several operations; a `graphql` step's document
 *    that does not parse, and a persisted query sent by hash only, cannot be
 *    shown to be reads and are refused too.
 *
 * Returns why the request is refused (completing "the environment is marked
 * production, and …"), or `undefined` when it only reads.
 *
 * @example
 * productionRefusal({ method: 'GET', url: new URL('http://x/orders/1?_method=DELETE'), headers: {} })
 * // 'the _method=DELETE query parameter asks the target to treat this GET as a DELETE'
 */
export function productionRefusal(request: GuardedRequest): string | undefined {
  const { method } = request;
  for (const name of OVERRIDE_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined && !READ_ONLY.has(value.trim().toUpperCase()))
      return `the ${headerName(name)} header asks the target to treat this ${method} as a ${value.trim().toUpperCase()}`;
  }
  for (const [where, value] of methodFields(request)) {
    if (!READ_ONLY.has(value.trim().toUpperCase()))
      return `the _method=${value.trim().toUpperCase()} ${where} asks the target to treat this ${method} as a ${value.trim().toUpperCase()}`;
  }
  const inUrl = graphqlInUrl(request.url);
  if (inUrl) return inUrl;
  if (request.graphql) {
    const verdict = graphqlBodyVerdict(request.body);
    if (verdict) return verdict;
    if (method === 'POST' || READ_ONLY.has(method)) return undefined;
  }
  if (request.tokenRequest) return undefined;
  if (!READ_ONLY.has(method)) return `${method} may change data (only GET, HEAD and OPTIONS are sent there)`;
  return undefined;
}

function headerName(lower: string): string {
  return lower
    .replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => `${dash}${c.toUpperCase()}`)
    .replace('Http', 'HTTP');
}

/** `_method` values the request carries, with where they are. */
function methodFields(request: GuardedRequest): Array<[string, string]> {
  const found: Array<[string, string]> = request.url.searchParams.getAll('_method').map((v) => ['query parameter', v]);
  const body = request.body;
  if (!body) return found;
  if ('form' in body && typeof body.form._method === 'string') found.push(['form field', body.form._method]);
  if ('json' in body && body.json && typeof body.json === 'object' && !Array.isArray(body.json)) {
    const value = (body.json as Record<string, unknown>)._method;
    if (typeof value === 'string') found.push(['JSON field', value]);
  }
  const formText =
    'text' in body && /x-www-form-urlencoded/i.test(body.contentType ?? '')
      ? body.text
      : 'raw' in body && /x-www-form-urlencoded/i.test(body.contentType ?? '')
        ? Buffer.from(body.raw).toString('utf8')
        : undefined;
  if (formText !== undefined)
    for (const value of new URLSearchParams(formText).getAll('_method')) found.push(['form field', value]);
  return found;
}

/** GraphQL over HTTP's GET form: `?query=<document>` (and `extensions` for persisted queries). */
function graphqlInUrl(url: URL): string | undefined {
  for (const document of url.searchParams.getAll('query')) {
    const parsed = parseDocument(document);
    // A `query` parameter that is not a GraphQL document is an ordinary search parameter.
    if (!parsed.ok) continue;
    const writes = writingOperation(parsed.document);
    if (writes) return `its query parameter is a GraphQL document holding a ${writes}`;
  }
  if (!url.searchParams.has('query') && /persistedQuery/.test(url.searchParams.get('extensions') ?? ''))
    return 'it runs a GraphQL persisted query by hash only, which cannot be shown to be a read-only query';
  return undefined;
}

function graphqlBodyVerdict(body: TransportRequest['body']): string | undefined {
  const payloads = body && 'json' in body ? (Array.isArray(body.json) ? body.json : [body.json]) : [];
  if (payloads.length === 0) return 'the GraphQL request has no JSON body to show it is a read-only query';
  for (const payload of payloads) {
    const query = (payload as { query?: unknown } | null)?.query;
    if (typeof query !== 'string') {
      return /persistedQuery/.test(JSON.stringify((payload as { extensions?: unknown } | null)?.extensions ?? ''))
        ? 'it runs a GraphQL persisted query by hash only, which cannot be shown to be a read-only query'
        : 'the GraphQL request has no document to show it is a read-only query';
    }
    const parsed = parseDocument(query);
    if (!parsed.ok)
      return `the GraphQL document does not parse (${parsed.message}), so it cannot be shown to be a read-only query`;
    const writes = writingOperation(parsed.document);
    if (writes) return `the GraphQL document holds a ${writes}`;
  }
  return undefined;
}

function parseDocument(text: string): { ok: true; document: DocumentNode } | { ok: false; message: string } {
  try {
    // maxTokens bounds the work on a hostile document.
    return { ok: true, document: graphql().parse(text, { noLocation: true, maxTokens: 50_000 }) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** `mutation "createOrder"` for the first operation that is not a query. */
function writingOperation(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== graphql().Kind.OPERATION_DEFINITION || definition.operation === 'query') continue;
    return `${definition.operation}${definition.name ? ` ("${definition.name.value}")` : ''}`;
  }
  return undefined;
}
