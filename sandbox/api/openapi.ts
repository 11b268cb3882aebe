import { Type } from '../../src/core/typebox.js';
import { AddressSchema } from '../seed/seed-schema.js';
import { CreateOrderSchema } from '../domain/orders.js';
import { FeatureChangesSchema, RotatedSecretSchema, TenantConfigurationSchema } from '../admin/tenant-admin-routes.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Money = Type.Integer({ minimum: 0, description: 'minor units' });

const OrderLine = Type.Object({
  line: Type.Integer({ minimum: 1 }),
  sku: Type.String(),
  description: Type.String(),
  uom: Type.String(),
  qty: Type.Integer({ minimum: 1 }),
  unitPrice: Money,
  amount: Money,
  qtyAllocated: Type.Integer({ minimum: 0 }),
  qtyBackordered: Type.Integer({ minimum: 0 }),
  qtyShipped: Type.Integer({ minimum: 0 }),
  customerLineRef: Nullable(Type.String()),
});

const SalesOrder = Type.Object({
  id: Type.String({ pattern: '^SO-\\d{6}$' }),
  number: Type.String(),
  customer: Type.String(),
  status: Type.Union(['open', 'allocated', 'backordered', 'shipped', 'cancelled'].map((s) => Type.Literal(s))),
  poNumber: Nullable(Type.String()),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  shipTo: AddressSchema,
  requestedDate: Nullable(Type.String()),
  source: Type.String(),
  lines: Type.Array(OrderLine, { minItems: 1 }),
  allocations: Type.Array(
    Type.Object({
      line: Type.Integer(),
      sku: Type.String(),
      warehouse: Type.String(),
      qty: Type.Integer({ minimum: 1 }),
    }),
  ),
  subtotal: Money,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const Shipment = Type.Object({
  id: Type.String({ pattern: '^SH-\\d{6}$' }),
  number: Type.String(),
  order: Type.String(),
  warehouse: Type.String(),
  status: Type.String(),
  service: Type.String(),
  weightKg: Type.Number({ minimum: 0 }),
  lines: Type.Array(Type.Object({ line: Type.Integer(), sku: Type.String(), qty: Type.Integer({ minimum: 1 }) })),
  label: Type.Object({
    status: Type.Union([Type.Literal('pending'), Type.Literal('created'), Type.Literal('failed')]),
    labelId: Nullable(Type.String()),
    trackingNumber: Nullable(Type.String()),
    cost: Type.Union([Type.Object({ amount: Money, currency: Type.String() }), Type.Null()]),
  }),
  shippedAt: Type.String({ format: 'date-time' }),
});

const Invoice = Type.Object({
  id: Type.String({ pattern: '^INV-\\d{6}$' }),
  number: Type.String(),
  order: Type.String(),
  shipment: Type.String(),
  customer: Type.String(),
  status: Type.Union(['draft', 'posted', 'paid'].map((s) => Type.Literal(s))),
  currency: Type.String(),
  lines: Type.Array(
    Type.Object({
      line: Type.Integer(),
      sku: Type.String(),
      description: Type.String(),
      qty: Type.Integer(),
      unitPrice: Money,
      amount: Money,
      tax: Type.Union([Money, Type.Null()]),
    }),
  ),
  subtotal: Money,
  tax: Type.Union([Money, Type.Null()]),
  total: Type.Union([Money, Type.Null()]),
  taxRate: Nullable(Type.String()),
  jurisdiction: Nullable(Type.String()),
  payment: Type.Object({
    status: Type.String(),
    authorizationId: Nullable(Type.String()),
    captureId: Nullable(Type.String()),
    declineCode: Nullable(Type.String()),
  }),
  createdAt: Type.String(),
  postedAt: Nullable(Type.String()),
  paidAt: Nullable(Type.String()),
});

const Job = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  ref: Type.String(),
  status: Type.Union(['queued', 'running', 'retrying', 'succeeded', 'failed'].map((s) => Type.Literal(s))),
  attempts: Type.Integer({ minimum: 0 }),
  maxAttempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  nextRunAt: Nullable(Type.String()),
  history: Type.Array(Type.Object({}, { additionalProperties: true })),
  result: Type.Unknown(),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

const PlannedOrder = Type.Object({
  seq: Type.Integer(),
  sku: Type.String(),
  kind: Type.Union([Type.Literal('purchase'), Type.Literal('production')]),
  qty: Type.Integer({ minimum: 1 }),
  releaseDate: Type.String({ format: 'date' }),
  dueDate: Type.String({ format: 'date' }),
  supplier: Nullable(Type.String()),
  level: Type.Integer({ minimum: 0 }),
  expedite: Type.Boolean(),
  purchaseOrder: Nullable(Type.String()),
});

const MrpRun = Type.Object({
  id: Type.Integer(),
  status: Type.Union(['queued', 'running', 'completed', 'failed'].map((s) => Type.Literal(s))),
  today: Type.String({ format: 'date' }),
  horizonDays: Type.Integer(),
  horizonEnd: Type.String({ format: 'date' }),
  summary: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  plannedOrders: Type.Optional(Type.Array(PlannedOrder)),
  items: Type.Optional(Type.Array(Type.Object({ sku: Type.String() }, { additionalProperties: true }))),
});

const PurchaseOrder = Type.Object({
  id: Type.String(),
  number: Type.String(),
  supplier: Type.String(),
  status: Type.String(),
  source: Type.String(),
  mrpRun: Type.Union([Type.Integer(), Type.Null()]),
  confirmationId: Nullable(Type.String()),
  createdAt: Type.String(),
  lines: Type.Array(
    Type.Object({
      line: Type.Integer(),
      sku: Type.String(),
      qty: Type.Integer({ minimum: 1 }),
      receivedQty: Type.Integer({ minimum: 0 }),
      needBy: Type.String(),
      confirmedQty: Type.Union([Type.Integer(), Type.Null()]),
      backorderedQty: Type.Union([Type.Integer(), Type.Null()]),
      promisedDate: Nullable(Type.String()),
    }),
  ),
});

const EdiMessage = Type.Object({
  id: Type.Integer(),
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  set: Type.String({ pattern: '^[0-9]{3}$' }),
  partner: Nullable(Type.String()),
  controlNumber: Nullable(Type.String()),
  status: Type.Union(['processed', 'received', 'rejected', 'failed', 'queued', 'sent'].map((s) => Type.Literal(s))),
  order: Nullable(Type.String()),
  errors: Type.Array(Type.String()),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
  body: Type.Optional(Type.String({ description: 'the X12 document (on GET /api/v1/edi/messages/{id})' })),
});

const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  }),
});

export const COMPONENT_SCHEMAS = {
  SalesOrder,
  CreateSalesOrder: CreateOrderSchema,
  Shipment,
  Invoice,
  Job,
  MrpRun,
  PlannedOrder,
  PurchaseOrder,
  EdiMessage,
  TenantConfiguration: TenantConfigurationSchema,
  Error: ErrorBody,
};

const ref = (name: keyof typeof COMPONENT_SCHEMAS) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema: object) => ({ description, ...json(schema) });
const errors = {
  '401': ok('no or bad credentials', ref('Error')),
  '404': ok('not found (or another tenant’s)', ref('Error')),
};

/** The OpenAPI 3.1 document served at /openapi.json; scenarios check bodies against its component schemas. */
export function openApiDocument(version: string): object {
  const list = (schema: object) => ({ type: 'array', items: schema });
  return {
    openapi: '3.1.0',
    info: { title: 'Rehearse sandbox ERP', version },
    components: {
      schemas: COMPONENT_SCHEMAS,
      securitySchemes: {
        oauth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: {} } } },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        // The admin API's own token (`rehearse sandbox --admin-token`), not a tenant's.
        adminToken: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ oauth2: [] }, { apiKey: [] }],
    paths: {
      '/health': {
        get: { security: [], responses: { '200': { description: 'healthy' }, '503': { description: 'unhealthy' } } },
      },
      '/version': { get: { security: [], responses: { '200': { description: 'version, commit, startedAt' } } } },
      '/oauth/token': {
        post: { security: [], responses: { '200': { description: 'access token' }, '401': errors['401'] } },
      },
      '/api/auth/login': {
        post: {
          security: [],
          responses: {
            '200': { description: 'token, tokenType, expiresIn, user; the token also in X-Auth-Token and a cookie' },
            '400': ok('tenant, username or password missing', ref('Error')),
            '401': errors['401'],
          },
        },
      },
      '/api/auth/logout': {
        post: { responses: { '200': { description: 'the token is revoked' }, '401': errors['401'] } },
      },
      '/api/v1/items': {
        get: { responses: { '200': { description: 'items' } } },
        post: {
          description:
            'add an item to the item master: the fields of a seed item (sku, name, kind, unitPrice, taxCode, ...)',
          responses: {
            '201': { description: 'the item' },
            '409': ok('the SKU exists (ITEM_EXISTS)', ref('Error')),
            '422': ok('field errors', ref('Error')),
            ...errors,
          },
        },
      },
      '/api/v1/tenant': {
        get: {
          description:
            'the caller’s tenant as the ERP is configured for it: feature flags and settings (the tenant preflight compares them with expects:)',
          responses: { '200': ok('the configuration', ref('TenantConfiguration')), '401': errors['401'] },
        },
      },
      '/admin/tenants/{id}/rotate-secret': {
        post: {
          security: [{ adminToken: [] }],
          description:
            'a new client secret for the tenant’s API client; the old one is refused from now on, tokens issued before stay valid until they expire',
          responses: {
            '200': ok('the new secret, handed out this once', RotatedSecretSchema),
            '401': ok('not the admin token', ref('Error')),
            '404': ok('no such tenant', ref('Error')),
          },
        },
      },
      '/admin/tenants/{id}/features': {
        put: {
          security: [{ adminToken: [] }],
          description:
            'switches feature flags: a value overrides the one derived from the tenant’s data, null drops it',
          requestBody: json(FeatureChangesSchema),
          responses: {
            '200': ok('the configuration after the change', ref('TenantConfiguration')),
            '401': ok('not the admin token', ref('Error')),
            '404': ok('no such tenant', ref('Error')),
            '422': ok('field errors', ref('Error')),
          },
        },
      },
      '/api/v1/warehouses': { get: { responses: { '200': { description: 'warehouses' } } } },
      '/api/v1/stock': {
        get: {
          parameters: [{ name: 'sku', in: 'query' }],
          responses: { '200': { description: 'stock per item and warehouse' } },
        },
      },
      '/api/v1/stock/receipts': {
        post: {
          description: 'goods received: { sku, warehouse, qty, reference? }; on hand goes up, reservations stay',
          responses: {
            '201': { description: 'the stock row: sku, warehouse, onHand, allocated, available, received' },
            '422': ok('unknown item or warehouse, bad quantity', ref('Error')),
            ...errors,
          },
        },
      },
      '/api/v1/customers': { get: { responses: { '200': { description: 'customers' } } } },
      '/api/v1/sales-orders': {
        get: {
          responses: { '200': ok('orders', { type: 'object', properties: { orders: list(ref('SalesOrder')) } }) },
        },
        post: {
          requestBody: json(ref('CreateSalesOrder')),
          responses: { '201': ok('created', ref('SalesOrder')), '422': ok('field errors', ref('Error')), ...errors },
        },
      },
      '/api/v1/sales-orders/{id}': { get: { responses: { '200': ok('the order', ref('SalesOrder')), ...errors } } },
      '/api/v1/sales-orders/{id}/allocate': {
        post: {
          responses: {
            '200': ok('allocated or backordered', ref('SalesOrder')),
            '409': ok('illegal transition', ref('Error')),
            ...errors,
          },
        },
      },
      '/api/v1/sales-orders/{id}/cancel': {
        post: {
          responses: {
            '200': ok('cancelled', ref('SalesOrder')),
            '409': ok('illegal transition', ref('Error')),
            ...errors,
          },
        },
      },
      '/api/v1/sales-orders/{id}/ship': {
        post: {
          responses: {
            '201': ok('shipments', { type: 'object' }),
            '409': ok('illegal transition', ref('Error')),
            ...errors,
          },
        },
      },
      '/api/v1/audit-log': {
        get: {
          parameters: [
            { name: 'entity', in: 'query', schema: { type: 'string' }, description: 'e.g. sales-order' },
            { name: 'entityId', in: 'query', schema: { type: 'string' }, description: 'e.g. SO-000042' },
          ],
          responses: {
            '200': ok('the audit trail, oldest first', {
              type: 'object',
              properties: {
                entries: list({
                  type: 'object',
                  required: ['at', 'actor', 'action', 'entity', 'entityId', 'details'],
                  properties: {
                    at: { type: 'string', format: 'date-time' },
                    actor: { type: 'string' },
                    action: { type: 'string', enum: ['created', 'allocated', 'shipped', 'cancelled'] },
                    entity: { type: 'string' },
                    entityId: { type: 'string' },
                    details: { type: 'object' },
                  },
                }),
              },
            }),
          },
        },
      },
      '/api/v1/shipments': {
        get: {
          responses: { '200': ok('shipments', { type: 'object', properties: { shipments: list(ref('Shipment')) } }) },
        },
      },
      '/api/v1/shipments/{id}': { get: { responses: { '200': ok('the shipment', ref('Shipment')), ...errors } } },
      '/api/v1/invoices': {
        get: {
          responses: { '200': ok('invoices', { type: 'object', properties: { invoices: list(ref('Invoice')) } }) },
        },
      },
      '/api/v1/invoices/{id}': { get: { responses: { '200': ok('the invoice', ref('Invoice')), ...errors } } },
      '/api/v1/jobs': {
        get: { responses: { '200': ok('jobs', { type: 'object', properties: { jobs: list(ref('Job')) } }) } },
      },
      '/api/v1/jobs/{id}': { get: { responses: { '200': ok('the job', ref('Job')), ...errors } } },
      '/api/v1/mrp-runs': {
        post: {
          description: 'start an MRP run: { today?, horizonDays?, releasePurchaseOrders?, releaseProductionOrders? }',
          responses: { '202': ok('queued', { type: 'object', properties: { id: { type: 'integer' }, status: {} } }) },
        },
        get: { responses: { '200': ok('runs', { type: 'object', properties: { runs: list(ref('MrpRun')) } }) } },
      },
      '/api/v1/mrp-runs/{id}': {
        get: { responses: { '200': ok('the run with planned orders and item records', ref('MrpRun')), ...errors } },
      },
      '/api/v1/purchase-orders': {
        get: {
          responses: {
            '200': ok('purchase orders', {
              type: 'object',
              properties: { purchaseOrders: list(ref('PurchaseOrder')) },
            }),
          },
        },
        post: { responses: { '201': ok('the purchase order', ref('PurchaseOrder')) } },
      },
      '/api/v1/purchase-orders/{number}': {
        get: { responses: { '200': ok('the purchase order', ref('PurchaseOrder')), ...errors } },
      },
      '/api/v1/production-orders': { get: { responses: { '200': { description: 'production orders' } } } },
      '/edi/inbound': {
        post: {
          description: 'X12 from the EDI VAN on the tenant’s behalf',
          requestBody: { content: { 'application/edi-x12': { schema: { type: 'string' } } } },
          responses: {
            '200': { description: 'the 997', content: { 'application/edi-x12': { schema: { type: 'string' } } } },
            '400': ok('not X12', ref('Error')),
            '403': ok('the sender is not a trading partner', ref('Error')),
            '422': ok('addressed to another ISA id', ref('Error')),
          },
        },
      },
      '/api/v1/edi/messages': {
        get: {
          responses: { '200': ok('EDI log', { type: 'object', properties: { messages: list(ref('EdiMessage')) } }) },
        },
      },
      '/api/v1/edi/messages/{id}': {
        get: { responses: { '200': ok('the message with its document', ref('EdiMessage')), ...errors } },
      },
    },
  };
}
