import type { TenantData } from './seed-schema.js';

const KEYS: Record<string, (entry: Record<string, unknown>) => string> = {
  warehouses: (e) => String(e.code),
  items: (e) => String(e.sku),
  stock: (e) => `${String(e.sku)}@${String(e.warehouse)}`,
  customers: (e) => String(e.code),
  suppliers: (e) => String(e.code),
  partners: (e) => String(e.code),
  boms: (e) => `${String(e.parent)}>${String(e.component)}`,
  users: (e) => String(e.username),
};

const ITEM_GROUP_KINDS: Record<string, string> = {
  stocked: 'stocked',
  components: 'component',
  component: 'component',
  assemblies: 'assembly',
  assembly: 'assembly',
};

/**
 * Tenant profiles group items by kind (`items: { stocked: [...], components: [...] }`);
 * the sandbox wants one list with a `kind` each.
 */
export function normalizeOverrides(data: Record<string, unknown>): Record<string, unknown> {
  const items = data.items;
  if (!items || typeof items !== 'object' || Array.isArray(items)) return data;
  const flat: unknown[] = [];
  for (const [group, entries] of Object.entries(items)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const kind = ITEM_GROUP_KINDS[group];
      flat.push(entry && typeof entry === 'object' && kind && !('kind' in entry) ? { ...entry, kind } : entry);
    }
  }
  return { ...data, items: flat };
}

/**
 * Overlays `overrides` on a seed data set: entries with the same key (sku,
 * code, ...) are merged field by field, new entries are appended, so a tenant
 * profile can name just the fields it cares about.
 */
export function mergeTenantData(seed: TenantData, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...seed };
  for (const [field, value] of Object.entries(overrides)) {
    const keyOf = KEYS[field];
    const base = (seed as Record<string, unknown>)[field];
    if (!keyOf || !Array.isArray(value) || !Array.isArray(base)) {
      merged[field] = value;
      continue;
    }
    const byKey = new Map<string, Record<string, unknown>>();
    for (const entry of base as Record<string, unknown>[]) byKey.set(keyOf(entry), entry);
    for (const entry of value) {
      if (!entry || typeof entry !== 'object') {
        byKey.set(`#${byKey.size}`, entry as Record<string, unknown>);
        continue;
      }
      const key = keyOf(entry as Record<string, unknown>);
      byKey.set(key, { ...(byKey.get(key) ?? {}), ...(entry as Record<string, unknown>) });
    }
    merged[field] = [...byKey.values()];
  }
  return merged;
}
