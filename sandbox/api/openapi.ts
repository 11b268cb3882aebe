import { Type } from '@sinclair/typebox';
import { AddressSchema } from '../seed/seed-schema.js';
import { CreateOrderSchema } from '../domain/orders.js';

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
      '/api/v1/items': { get: { responses: { '200': { description: 'items' } } } },
      '/api/v1/warehouses': { get: { responses: { '200': { description: 'warehouses' } } } },
      '/api/v1/stock': {
        get: {
          parameters: [{ name: 'sku', in: 'query' }],
          responses: { '200': { description: 'stock per item and warehouse' } },
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
    },
  };
}
