import { getEdiMessage, listEdiMessages } from '../edi/edi-messages.js';
import { receiveInbound } from '../edi/inbound.js';
import { notFound } from '../http/api-error.js';
import { readText } from '../http/read-body.js';
import type { Router } from '../http/router.js';
import { queryParam, tenantRoutes, type ApiDeps } from './tenant-routes.js';

/**
 * EDI surfaces: `POST /edi/inbound` where the VAN delivers X12 on the tenant's
 * behalf (answered with the 997), and the EDI message log under /api/v1.
 */
export function registerEdiRoutes(router: Router, deps: ApiDeps): void {
  const route = tenantRoutes(router, deps);
  route('POST', '/edi/inbound', async (t, ctx) => {
    const answer = receiveInbound(t, await readText(ctx.req));
    if (answer.ack) {
      return {
        status: 200,
        text: answer.ack,
        contentType: 'application/edi-x12',
        headers: { 'x-edi-received': JSON.stringify(answer.received) },
      };
    }
    return { status: 202, json: answer };
  });
  route('GET', '/api/v1/edi/messages', (t, ctx) => ({
    json: {
      messages: listEdiMessages(t, {
        direction: queryParam(ctx, 'direction'),
        set: queryParam(ctx, 'set'),
        order: queryParam(ctx, 'order'),
      }),
    },
  }));
  route('GET', '/api/v1/edi/messages/:id', (t, ctx) => {
    const message = getEdiMessage(t, Number(ctx.params.id));
    if (!message) throw notFound(`EDI message ${ctx.params.id}`);
    return { json: message };
  });
}
