import { Type, type Static } from '../../src/core/typebox.js';

const Code = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
const Money = Type.Integer({ minimum: 0, description: 'an amount in minor units (cents)' });

export const AddressSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    line1: Type.Optional(Type.String()),
    city: Type.Optional(Type.String()),
    region: Type.String({ minLength: 2, maxLength: 3, description: 'state code, e.g. TX' }),
    postalCode: Type.String({ minLength: 3 }),
    country: Type.String({ minLength: 2, maxLength: 2 }),
  },
  { additionalProperties: false },
);
export type Address = Static<typeof AddressSchema>;

export const WarehouseSeed = Type.Object(
  {
    code: Code,
    name: Type.String(),
    priority: Type.Integer({ minimum: 1, description: 'allocation order: lower first' }),
    address: AddressSchema,
  },
  { additionalProperties: false },
);

export const ItemSeed = Type.Object(
  {
    sku: Code,
    name: Type.String(),
    kind: Type.Union([Type.Literal('stocked'), Type.Literal('component'), Type.Literal('assembly')]),
    uom: Type.Optional(Type.String({ default: 'EA' })),
    unitPrice: Money,
    weightKg: Type.Optional(Type.Number({ minimum: 0 })),
    leadTimeDays: Type.Optional(Type.Integer({ minimum: 0 })),
    safetyStock: Type.Optional(Type.Integer({ minimum: 0 })),
    taxCode: Type.Optional(Type.String()),
    supplier: Type.Optional(Code),
    lotPolicy: Type.Optional(
      Type.Union([Type.Literal('lot-for-lot'), Type.Literal('fixed'), Type.Literal('min-multiple')], {
        description: 'MRP lot sizing; default lot-for-lot',
      }),
    ),
    lotQty: Type.Optional(Type.Integer({ minimum: 1, description: 'fixed: the order quantity (multiples of it)' })),
    lotMin: Type.Optional(Type.Integer({ minimum: 1, description: 'min-multiple: the smallest order' })),
    lotMultiple: Type.Optional(Type.Integer({ minimum: 1, description: 'min-multiple: orders are multiples of it' })),
  },
  { additionalProperties: false },
);

export const StockSeed = Type.Object(
  { sku: Code, warehouse: Code, onHand: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

export const CustomerSeed = Type.Object(
  {
    code: Code,
    name: Type.String(),
    email: Type.Optional(Type.String()),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
    paymentToken: Type.Optional(Type.String({ description: 'card token for the payment partner' })),
    terms: Type.Optional(Type.String()),
    shipTo: AddressSchema,
    tradingPartner: Type.Optional(Code),
  },
  { additionalProperties: false },
);

export const SupplierSeed = Type.Object(
  { code: Code, name: Type.String(), leadTimeDays: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);

export const PartnerSeed = Type.Object(
  {
    code: Code,
    name: Type.String(),
    isaQualifier: Type.String({ minLength: 2, maxLength: 2 }),
    isaId: Type.String({ minLength: 1, maxLength: 15 }),
    gsId: Type.String({ minLength: 2, maxLength: 15 }),
    sets: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

export const BomSeed = Type.Object(
  { parent: Code, component: Code, qtyPer: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const UserSeed = Type.Object(
  { username: Code, role: Type.Union([Type.Literal('clerk'), Type.Literal('planner'), Type.Literal('admin')]) },
  { additionalProperties: false },
);

/** A tenant's master data: a shipped data set (`sandbox/seed/<name>.yaml`) or what the admin API receives. */
export const TenantDataSchema = Type.Object(
  {
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
    warehouses: Type.Optional(Type.Array(WarehouseSeed)),
    items: Type.Optional(Type.Array(ItemSeed)),
    stock: Type.Optional(Type.Array(StockSeed)),
    customers: Type.Optional(Type.Array(CustomerSeed)),
    suppliers: Type.Optional(Type.Array(SupplierSeed)),
    partners: Type.Optional(Type.Array(PartnerSeed)),
    boms: Type.Optional(Type.Array(BomSeed)),
    users: Type.Optional(Type.Array(UserSeed)),
    edi: Type.Optional(
      Type.Object(
        {
          isaId: Type.String({ minLength: 1, maxLength: 15 }),
          isaQualifier: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
          gsId: Type.Optional(Type.String({ minLength: 2, maxLength: 15 })),
        },
        { additionalProperties: false, description: "the tenant's own EDI identity; default its id upper-cased" },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TenantData = Static<typeof TenantDataSchema>;

/** `POST /admin/tenants` */
export const ProvisionRequestSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }),
    name: Type.Optional(Type.String()),
    seed: Type.Optional(Type.String({ pattern: '^[a-z0-9-]+$' })),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type ProvisionRequest = Static<typeof ProvisionRequestSchema>;
