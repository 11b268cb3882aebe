import type { Db } from '../db/database.js';

/** One side of an EDI envelope. */
export interface EdiParty {
  isaQualifier: string;
  isaId: string;
  gsId: string;
}

export interface TradingPartnerRow {
  code: string;
  name: string;
  isa_qualifier: string;
  isa_id: string;
  gs_id: string;
}

/**
 * The tenant's own EDI identity: `edi` of its master data, else its id upper-cased
 * (letters and digits, at most 15), which is also what Rehearse assumes by default.
 */
export function tenantEdiIdentity(db: Db, tenantId: string): EdiParty {
  const row = db.get<{ edi: string | null }>('SELECT edi FROM tenants WHERE id = ?', [tenantId]);
  const stored = row?.edi ? (JSON.parse(row.edi) as Partial<EdiParty>) : {};
  const isaId =
    stored.isaId ??
    tenantId
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 15);
  return { isaId, isaQualifier: stored.isaQualifier ?? 'ZZ', gsId: stored.gsId ?? isaId };
}

export function partnerByIsaId(db: Db, tenantId: string, isaId: string): TradingPartnerRow | undefined {
  return db.get<TradingPartnerRow>('SELECT * FROM trading_partners WHERE tenant_id = ? AND isa_id = ?', [
    tenantId,
    isaId,
  ]);
}

/** The trading partner a customer trades with by EDI, if any. */
export function partnerOfCustomer(db: Db, tenantId: string, customer: string): TradingPartnerRow | undefined {
  return db.get<TradingPartnerRow>(
    `SELECT p.* FROM trading_partners p JOIN customers c ON c.tenant_id = p.tenant_id AND c.trading_partner = p.code
     WHERE c.tenant_id = ? AND c.code = ?`,
    [tenantId, customer],
  );
}

export function asParty(row: TradingPartnerRow): EdiParty {
  return { isaQualifier: row.isa_qualifier, isaId: row.isa_id, gsId: row.gs_id };
}
