import type { PartnerResolver, ResolverInfo } from '../partner/define-partner.js';
import { PartnerReply } from '../partner/partner-reply.js';
import type { PartnerRequest } from '../partner/partner-request.js';
import type { VirtualOutcome } from './incoming-call.js';

class Info implements ResolverInfo {
  private parsedQuery: URLSearchParams | undefined;
  constructor(
    readonly request: PartnerRequest,
    readonly params: Record<string, string>,
    private readonly rawQuery: string,
    readonly tenant: string | undefined,
    readonly requestId: string,
    readonly partner: string,
  ) {}

  get query(): URLSearchParams {
    return (this.parsedQuery ??= new URLSearchParams(this.rawQuery));
  }
}

/**
 * Runs a resolver and turns what it returns into an outcome: a `reply.*`
 * value as is, a Fetch `Response` read back (a `Response.error()` becomes a
 * connection reset, as msw's `HttpResponse.error()` means a network error).
 * A throwing resolver becomes a 500 with the partners' error shape.
 */
export async function resolveRoute(
  resolver: PartnerResolver,
  args: {
    request: PartnerRequest;
    params: Record<string, string>;
    query: string;
    tenant: string | undefined;
    requestId: string;
    partner: string;
    /** The request says JSON but its body does not parse. */
    invalidJson: boolean;
  },
): Promise<{ outcome: Extract<VirtualOutcome, { kind: 'response' | 'reset' }>; error?: string }> {
  try {
    const result = await resolver(
      new Info(args.request, args.params, args.query, args.tenant, args.requestId, args.partner),
    );
    if (result instanceof PartnerReply)
      return { outcome: { kind: 'response', status: result.status, headers: result.headers, body: result.body } };
    if (result instanceof Response) {
      if (result.type === 'error') return { outcome: { kind: 'reset' } };
      const headers: Record<string, string> = {};
      result.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return {
        outcome: { kind: 'response', status: result.status, headers, body: Buffer.from(await result.arrayBuffer()) },
      };
    }
    return failure(
      `the resolver of ${args.partner} returned ${result === undefined ? 'nothing' : typeof result} instead of a response`,
    );
  } catch (error) {
    // A JSON request body that does not parse is the client's fault, as a real API would say.
    if (error instanceof SyntaxError && args.invalidJson) {
      const body = JSON.stringify({
        error: { code: 'invalid_json', message: `The request body is not valid JSON: ${error.message}` },
      });
      return { outcome: { kind: 'response', status: 400, headers: { 'content-type': 'application/json' }, body } };
    }
    return failure(error instanceof Error ? error.message : String(error));
  }
}

function failure(message: string): { outcome: Extract<VirtualOutcome, { kind: 'response' }>; error: string } {
  const body = JSON.stringify({ error: { code: 'handler_error', message } });
  return {
    outcome: { kind: 'response', status: 500, headers: { 'content-type': 'application/json' }, body },
    error: message,
  };
}
