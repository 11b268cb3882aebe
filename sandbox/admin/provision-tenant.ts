import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from '../../src/core/yaml-library.js';
import type { Db } from '../db/database.js';
import { issueCredentials, type IssuedCredentials } from '../auth/credentials.js';
import { ApiError, validationError, type FieldError } from '../http/api-error.js';
import { compileValidator, validateBody } from '../http/validate-body.js';
import { mergeTenantData, normalizeOverrides } from '../seed/merge-tenant-data.js';
import {
  ProvisionRequestSchema,
  TenantDataSchema,
  type ProvisionRequest,
  type TenantData,
} from '../seed/seed-schema.js';

const SEED_DIR = new URL('../seed/', import.meta.url);
const require = createRequire(import.meta.url);
// Required when a seed is first read, not at start-up (/health needs no YAML); CommonJS, so at once.
const yaml = () => require('yaml') as typeof Yaml;

/** Seed data sets read and checked once (shipped files, not edited while the sandbox runs). */
const seeds = new Map<string, TenantData>();

/** The shipped data set `sandbox/seed/<name>.yaml` (a copy: provisioning may add to it). */
export function loadSeed(name: string): TenantData {
  let seed = seeds.get(name);
  if (!seed) {
    // Built code runs from dist/sandbox, where the YAML files are not copied: fall back to the source tree.
    const candidates = [new URL(`${name}.yaml`, SEED_DIR), new URL(`../../../sandbox/seed/${name}.yaml`, SEED_DIR)];
    const file = candidates.find((url) => existsSync(url));
    if (!file) throw new ApiError(422, 'UNKNOWN_SEED', `Failed to provision: there is no seed data set "${name}".`);
    seed = validateBody(TenantDataSchema, yaml().parse(readFileSync(file, 'utf8')) as unknown, `seed ${name}`);
    seeds.set(name, seed);
  }
  return structuredClone(seed);
}

/** The seed data sets shipped in sandbox/seed/. */
export const SEED_NAMES = ['standard', 'high-volume', 'integration-heavy', 'manufacturing', 'regulated'] as const;

/**
 * Does now what the first provisioning would: requires yaml and Ajv, compiles the request and
 * master-data validators, and reads every shipped seed. `rehearse sandbox` calls it in the
 * sandbox's thread once it listens, while the CLI loads the project: the tenants' provisioning,
 * which `/health` waits for, then costs little more than its inserts (four tenants: about 0.07 s
 * in the sandbox's thread, was 0.37 s, profiled on a loaded 2-core machine).
 */
export function prepareProvisioning(): void {
  compileValidator(ProvisionRequestSchema);
  compileValidator(TenantDataSchema);
  for (const name of SEED_NAMES) loadSeed(name);
}

function checkReferences(data: TenantData): FieldError[] {
  const problems: FieldError[] = [];
  const items = new Set((data.items ?? []).map((i) => i.sku));
  const warehouses = new Set((data.warehouses ?? []).map((w) => w.code));
  const suppliers = new Set((data.suppliers ?? []).map((s) => s.code));
  const partners = new Set((data.partners ?? []).map((p) => p.code));
  data.stock?.forEach((s, i) => {
    if (!items.has(s.sku)) problems.push({ path: `stock[${i}].sku`, message: `unknown item ${s.sku}` });
    if (!warehouses.has(s.warehouse))
      problems.push({ path: `stock[${i}].warehouse`, message: `unknown warehouse ${s.warehouse}` });
  });
  data.boms?.forEach((b, i) => {
    if (!items.has(b.parent)) problems.push({ path: `boms[${i}].parent`, message: `unknown item ${b.parent}` });
    if (!items.has(b.component))
      problems.push({ path: `boms[${i}].component`, message: `unknown item ${b.component}` });
  });
  data.items?.forEach((item, i) => {
    if (item.supplier && !suppliers.has(item.supplier))
      problems.push({ path: `items[${i}].supplier`, message: `unknown supplier ${item.supplier}` });
  });
  data.customers?.forEach((c, i) => {
    if (c.tradingPartner && !partners.has(c.tradingPartner))
      problems.push({ path: `customers[${i}].tradingPartner`, message: `unknown trading partner ${c.tradingPartner}` });
  });
  return problems;
}

/**
 * Creates (or replaces) a tenant from a seed data set plus overrides, in one
 * transaction, and returns fresh credentials.
 */
export function provisionTenant(db: Db, request: ProvisionRequest): IssuedCredentials & { tenantId: string } {
  const seed = request.seed ? loadSeed(request.seed) : {};
  const merged = mergeTenantData(seed, normalizeOverrides(request.data ?? {}));
  const data = validateBody(TenantDataSchema, merged, `the master data of tenant ${request.id}`);
  const problems = checkReferences(data);
  if (problems.length) throw validationError(problems, `the master data of tenant ${request.id}`);
  const currency = data.currency ?? 'USD';
  return db.transaction(() => {
    db.run('DELETE FROM tenants WHERE id = ?', [request.id]);
    db.run('INSERT INTO tenants (id, name, currency, seed, edi, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      request.id,
      request.name ?? request.id,
      currency,
      request.seed ?? null,
      data.edi ? JSON.stringify(data.edi) : null,
      new Date().toISOString(),
    ]);
    const t = request.id;
    for (const w of data.warehouses ?? [])
      db.run('INSERT INTO warehouses (tenant_id, code, name, address, priority) VALUES (?, ?, ?, ?, ?)', [
        t,
        w.code,
        w.name,
        JSON.stringify(w.address),
        w.priority,
      ]);
    for (const s of data.suppliers ?? [])
      db.run('INSERT INTO suppliers (tenant_id, code, name, lead_time_days) VALUES (?, ?, ?, ?)', [
        t,
        s.code,
        s.name,
        s.leadTimeDays ?? null,
      ]);
    for (const i of data.items ?? [])
      db.run(
        `INSERT INTO items (tenant_id, sku, name, kind, uom, unit_price, weight_kg, lead_time_days, safety_stock,
           lot_policy, lot_qty, lot_min, lot_multiple, supplier_code, tax_code)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          t,
          i.sku,
          i.name,
          i.kind,
          i.uom ?? 'EA',
          i.unitPrice,
          i.weightKg ?? 1,
          i.leadTimeDays ?? 0,
          i.safetyStock ?? 0,
          i.lotPolicy ?? 'lot-for-lot',
          i.lotQty ?? null,
          i.lotMin ?? null,
          i.lotMultiple ?? null,
          i.supplier ?? null,
          i.taxCode ?? null,
        ],
      );
    for (const b of data.boms ?? [])
      db.run('INSERT INTO bom_lines (tenant_id, parent_sku, component_sku, qty_per) VALUES (?, ?, ?, ?)', [
        t,
        b.parent,
        b.component,
        b.qtyPer,
      ]);
    for (const s of data.stock ?? [])
      db.run('INSERT INTO stock (tenant_id, sku, warehouse, on_hand) VALUES (?, ?, ?, ?)', [
        t,
        s.sku,
        s.warehouse,
        s.onHand,
      ]);
    for (const p of data.partners ?? [])
      db.run(
        'INSERT INTO trading_partners (tenant_id, code, name, isa_qualifier, isa_id, gs_id, sets) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [t, p.code, p.name, p.isaQualifier, p.isaId, p.gsId, JSON.stringify(p.sets ?? [])],
      );
    for (const c of data.customers ?? [])
      db.run(
        `INSERT INTO customers (tenant_id, code, name, email, currency, payment_token, terms, bill_to, ship_to,
           trading_partner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          t,
          c.code,
          c.name,
          c.email ?? null,
          c.currency ?? currency,
          c.paymentToken ?? null,
          c.terms ?? null,
          JSON.stringify(c.shipTo),
          JSON.stringify(c.shipTo),
          c.tradingPartner ?? null,
        ],
      );
    const users = data.users?.length ? data.users : [{ username: 'clerk', role: 'clerk' as const }];
    return { tenantId: t, ...issueCredentials(db, t, users) };
  });
}
