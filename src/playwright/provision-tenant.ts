import { request } from 'undici';
import { RehearseError } from '../core/errors.js';
import type { TenantProfile } from '../schema/index.js';

/** What provisioning a sandbox tenant gives back: its API client and its UI users. */
export interface TenantCredentials {
  clientId: string;
  clientSecret: string;
  users: Array<{ username: string; password: string; role: string }>;
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<
    Pick<T, K>
  >;
}

/**
 * Creates one sandbox tenant from a tenant profile through the sandbox's admin API
 * (`POST /admin/tenants`, see sandbox/README.md): its seed, master data and EDI identity.
 * Throws `RehearseError` `REHEARSE_SANDBOX_PROVISIONING` when the sandbox refuses it (its status
 * and answer, and the profile to check) or answers without client credentials.
 */
export async function provisionTenant(
  baseUrl: string,
  adminToken: string,
  tenantId: string,
  profile: TenantProfile,
): Promise<TenantCredentials> {
  const data = {
    ...(profile.data ?? {}),
    ...(profile.customers ? { customers: profile.customers } : {}),
    ...(profile.items ? { items: profile.items } : {}),
    ...(profile.warehouses ? { warehouses: profile.warehouses } : {}),
    ...(profile.suppliers ? { suppliers: profile.suppliers } : {}),
    ...(profile.partners ? { partners: profile.partners } : {}),
    ...(profile.edi ? { edi: { isaId: profile.edi.isaId, ...pick(profile.edi, ['isaQualifier', 'gsId']) } } : {}),
  };
  const response = await request(`${baseUrl}/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: tenantId,
      name: profile.description ?? profile.name,
      seed: profile.sandbox?.seed ?? 'standard',
      data,
    }),
  });
  const text = await response.body.text();
  if (response.statusCode !== 201) {
    throw new RehearseError(
      'REHEARSE_SANDBOX_PROVISIONING',
      `Failed to provision sandbox tenant "${tenantId}" from tenant profile "${profile.name}": the sandbox answered ${response.statusCode} ${text.slice(0, 500)}.`,
      { hint: 'Check the master data in tenant-profiles/' + profile.name + '.yaml against sandbox/README.md.' },
    );
  }
  const body = JSON.parse(text) as Partial<TenantCredentials>;
  if (!body.clientId || !body.clientSecret) {
    throw new RehearseError(
      'REHEARSE_SANDBOX_PROVISIONING',
      `Failed to provision sandbox tenant "${tenantId}": the answer has no clientId/clientSecret.`,
    );
  }
  return { clientId: body.clientId, clientSecret: body.clientSecret, users: body.users ?? [] };
}
