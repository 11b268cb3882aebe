import { nowIso, type TenantContext } from './tenant-context.js';

/** One change of a business record, as a regulated tenant's auditors read it (`GET /api/v1/audit-log`). */
export interface AuditEntry {
  /** When the change was committed, ISO 8601 UTC. */
  at: string;
  /** Who made it: the channel of the request (`api`, `ui`, `edi`). */
  actor: string;
  /** `created`, `allocated`, `shipped`, `cancelled`. */
  action: string;
  /** `sales-order`. */
  entity: string;
  /** The record's number, e.g. `SO-000042`. */
  entityId: string;
  details: Record<string, unknown>;
}

/**
 * Writes one audit entry in the caller's transaction, so a change and its entry are committed
 * together or not at all (21 CFR Part 11-style audit trails: who, what, when, on which record).
 */
export function recordAudit(
  ctx: TenantContext,
  entry: Pick<AuditEntry, 'action' | 'entity' | 'entityId'> & { actor?: string; details?: Record<string, unknown> },
): void {
  ctx.db.run(
    'INSERT INTO audit_log (tenant_id, at, actor, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      ctx.tenantId,
      nowIso(),
      entry.actor ?? 'api',
      entry.action,
      entry.entity,
      entry.entityId,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

/** The tenant's audit entries, oldest first, for one record (`entityId`) or one kind of record. */
export function listAudit(ctx: TenantContext, filter: { entity?: string; entityId?: string }): AuditEntry[] {
  return ctx.db
    .all<{ at: string; actor: string; action: string; entity: string; entity_id: string; details: string | null }>(
      `SELECT at, actor, action, entity, entity_id, details FROM audit_log
       WHERE tenant_id = ? AND (? IS NULL OR entity = ?) AND (? IS NULL OR entity_id = ?) ORDER BY id`,
      [ctx.tenantId, filter.entity ?? null, filter.entity ?? null, filter.entityId ?? null, filter.entityId ?? null],
    )
    .map((row) => ({
      at: row.at,
      actor: row.actor,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {},
    }));
}
