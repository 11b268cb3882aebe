import { authenticate } from '../auth/credentials.js';
import type { Db } from '../db/database.js';
import type { Defects } from '../domain/defects.js';
import type { TenantContext } from '../domain/tenant-context.js';
import { getEdiMessage, listEdiMessages } from '../edi/edi-messages.js';
import { receiveInbound } from '../edi/inbound.js';
import { notFound } from '../http/api-error.js';
import { readText } from '../http/read-body.js';
import type { Router } from '../http/router.js';
import type { JobQueue } from '../jobs/job-queue.js';

interface Deps {
  db: Db;
  jobs: JobQueue;
  defects: Defects;
}

/**
 * EDI surfaces: `POST /edi/inbound` where the VAN delivers X12 on the tenant's
 * behalf (answered with the 997), and the EDI message log under /api/v1.
 */
export function registerEdiRoutes(router: Router, deps: Deps): void {
  const tenant = (req: Parameters<typeof authenticate>[1]): TenantContext => ({
    ...deps,
    tenantId: authenticate(deps.db, req),
  });
  router.add('POST', '/edi/inbound', async ({ req }) => {
    const ctx = tenant(req);
    const answer = receiveInbound(ctx, await readText(req));
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
  router.add('GET', '/api/v1/edi/messages', ({ req, query }) => ({
    json: {
      messages: listEdiMessages(tenant(req), {
        direction: query.get('direction') ?? undefined,
        set: query.get('set') ?? undefined,
        order: query.get('order') ?? undefined,
      }),
    },
  }));
  router.add('GET', '/api/v1/edi/messages/:id', ({ req, params }) => {
    const message = getEdiMessage(tenant(req), Number(params.id));
    if (!message) throw notFound(`EDI message ${params.id}`);
    return { json: message };
  });
}
