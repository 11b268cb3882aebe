import type { Db } from './database.js';

/** Bump when the DDL changes; an older data file is refused with a hint to delete it. */
export const SCHEMA_VERSION = 1;

const T = `tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE`;

const DDL = `
CREATE TABLE IF NOT EXISTS tenants (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, currency TEXT NOT NULL, seed TEXT,
  settings TEXT NOT NULL DEFAULT '{}', edi TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS credentials (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, kind TEXT NOT NULL CHECK (kind IN ('client','apikey','user')),
  lookup TEXT NOT NULL UNIQUE, name TEXT NOT NULL, secret_hash TEXT NOT NULL, salt TEXT NOT NULL, role TEXT);
CREATE TABLE IF NOT EXISTS access_tokens (
  token_hash TEXT PRIMARY KEY, ${T}, credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY, ${T}, credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  username TEXT NOT NULL, csrf TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS counters (${T}, name TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (tenant_id, name));
CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS warehouses (
  ${T}, code TEXT NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL, priority INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, code));
CREATE TABLE IF NOT EXISTS suppliers (
  ${T}, code TEXT NOT NULL, name TEXT NOT NULL, lead_time_days INTEGER, email TEXT, PRIMARY KEY (tenant_id, code));
CREATE TABLE IF NOT EXISTS items (
  ${T}, sku TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, uom TEXT NOT NULL, unit_price INTEGER NOT NULL,
  weight_kg REAL NOT NULL, lead_time_days INTEGER NOT NULL, safety_stock INTEGER NOT NULL, lot_policy TEXT NOT NULL,
  lot_qty INTEGER, lot_min INTEGER, lot_multiple INTEGER, supplier_code TEXT, tax_code TEXT,
  PRIMARY KEY (tenant_id, sku));
CREATE TABLE IF NOT EXISTS bom_lines (
  ${T}, parent_sku TEXT NOT NULL, component_sku TEXT NOT NULL, qty_per INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, parent_sku, component_sku));
CREATE TABLE IF NOT EXISTS stock (
  ${T}, sku TEXT NOT NULL, warehouse TEXT NOT NULL, on_hand INTEGER NOT NULL, allocated INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, sku, warehouse));
CREATE TABLE IF NOT EXISTS trading_partners (
  ${T}, code TEXT NOT NULL, name TEXT NOT NULL, isa_qualifier TEXT NOT NULL, isa_id TEXT NOT NULL, gs_id TEXT NOT NULL,
  sets TEXT NOT NULL, PRIMARY KEY (tenant_id, code));
CREATE TABLE IF NOT EXISTS customers (
  ${T}, code TEXT NOT NULL, name TEXT NOT NULL, email TEXT, currency TEXT NOT NULL, payment_token TEXT,
  terms TEXT, bill_to TEXT NOT NULL, ship_to TEXT NOT NULL, trading_partner TEXT, PRIMARY KEY (tenant_id, code));
CREATE TABLE IF NOT EXISTS sales_orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, number TEXT NOT NULL, customer_code TEXT NOT NULL,
  status TEXT NOT NULL, po_number TEXT, currency TEXT NOT NULL, ship_to TEXT NOT NULL, requested_date TEXT,
  source TEXT NOT NULL, edi_message_id INTEGER, idempotency_key TEXT, notes TEXT, ack_message_id INTEGER,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (tenant_id, number), UNIQUE (tenant_id, idempotency_key));
CREATE TABLE IF NOT EXISTS order_lines (
  order_id INTEGER NOT NULL REFERENCES sales_orders(id) ON DELETE CASCADE, line_no INTEGER NOT NULL,
  sku TEXT NOT NULL, description TEXT NOT NULL, uom TEXT NOT NULL, qty INTEGER NOT NULL, unit_price INTEGER NOT NULL,
  qty_allocated INTEGER NOT NULL DEFAULT 0, qty_shipped INTEGER NOT NULL DEFAULT 0, customer_line_ref TEXT,
  PRIMARY KEY (order_id, line_no));
CREATE TABLE IF NOT EXISTS allocations (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, order_id INTEGER NOT NULL REFERENCES sales_orders(id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL, sku TEXT NOT NULL, warehouse TEXT NOT NULL, qty INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shipments (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, number TEXT NOT NULL,
  order_id INTEGER NOT NULL REFERENCES sales_orders(id) ON DELETE CASCADE, warehouse TEXT NOT NULL,
  status TEXT NOT NULL, service TEXT NOT NULL, weight_kg REAL NOT NULL, label_status TEXT NOT NULL, label_id TEXT,
  tracking_number TEXT, label_cost INTEGER, label_currency TEXT, asn_status TEXT NOT NULL, asn_message_id INTEGER,
  shipped_at TEXT NOT NULL, UNIQUE (tenant_id, number));
CREATE TABLE IF NOT EXISTS shipment_lines (
  shipment_id INTEGER NOT NULL REFERENCES shipments(id) ON DELETE CASCADE, line_no INTEGER NOT NULL,
  sku TEXT NOT NULL, qty INTEGER NOT NULL, PRIMARY KEY (shipment_id, line_no));
CREATE TABLE IF NOT EXISTS invoices (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, number TEXT NOT NULL,
  order_id INTEGER NOT NULL REFERENCES sales_orders(id) ON DELETE CASCADE,
  shipment_id INTEGER NOT NULL REFERENCES shipments(id) ON DELETE CASCADE, customer_code TEXT NOT NULL,
  status TEXT NOT NULL, currency TEXT NOT NULL, subtotal INTEGER NOT NULL, tax INTEGER, total INTEGER,
  tax_rate TEXT, jurisdiction TEXT, payment_status TEXT NOT NULL, payment_auth_id TEXT, payment_capture_id TEXT,
  payment_decline_code TEXT, edi_message_id INTEGER, created_at TEXT NOT NULL, posted_at TEXT, paid_at TEXT,
  UNIQUE (tenant_id, number));
CREATE TABLE IF NOT EXISTS invoice_lines (
  invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE, line_no INTEGER NOT NULL,
  sku TEXT NOT NULL, description TEXT NOT NULL, qty INTEGER NOT NULL, unit_price INTEGER NOT NULL,
  amount INTEGER NOT NULL, taxable INTEGER, tax INTEGER, PRIMARY KEY (invoice_id, line_no));
CREATE TABLE IF NOT EXISTS purchase_orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, number TEXT NOT NULL, supplier_code TEXT NOT NULL,
  status TEXT NOT NULL, source TEXT NOT NULL, mrp_run_id INTEGER, confirmation_id TEXT, created_at TEXT NOT NULL,
  UNIQUE (tenant_id, number));
CREATE TABLE IF NOT EXISTS po_lines (
  po_id INTEGER NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE, line_no INTEGER NOT NULL,
  sku TEXT NOT NULL, qty INTEGER NOT NULL, received_qty INTEGER NOT NULL DEFAULT 0, need_by TEXT NOT NULL,
  confirmed_qty INTEGER, backordered_qty INTEGER, promised_date TEXT, PRIMARY KEY (po_id, line_no));
CREATE TABLE IF NOT EXISTS production_orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, number TEXT NOT NULL, sku TEXT NOT NULL, qty INTEGER NOT NULL,
  due_date TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL, UNIQUE (tenant_id, number));
CREATE TABLE IF NOT EXISTS mrp_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, status TEXT NOT NULL, today TEXT NOT NULL, options TEXT NOT NULL,
  summary TEXT, error TEXT, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT);
CREATE TABLE IF NOT EXISTS mrp_planned_orders (
  run_id INTEGER NOT NULL REFERENCES mrp_runs(id) ON DELETE CASCADE, seq INTEGER NOT NULL, sku TEXT NOT NULL,
  kind TEXT NOT NULL, qty INTEGER NOT NULL, release_date TEXT NOT NULL, due_date TEXT NOT NULL,
  supplier_code TEXT, level INTEGER NOT NULL, expedite INTEGER NOT NULL, po_id INTEGER,
  PRIMARY KEY (run_id, seq));
CREATE TABLE IF NOT EXISTS mrp_item_records (
  run_id INTEGER NOT NULL REFERENCES mrp_runs(id) ON DELETE CASCADE, sku TEXT NOT NULL, level INTEGER NOT NULL,
  data TEXT NOT NULL, PRIMARY KEY (run_id, sku));
CREATE TABLE IF NOT EXISTS edi_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, direction TEXT NOT NULL, set_id TEXT NOT NULL,
  partner_code TEXT, control_number TEXT, status TEXT NOT NULL, order_id INTEGER, related_id INTEGER,
  body TEXT NOT NULL, errors TEXT, created_at TEXT NOT NULL, sent_at TEXT);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, type TEXT NOT NULL, ref TEXT NOT NULL, payload TEXT NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL,
  last_error TEXT, last_status_code INTEGER, next_attempt_at INTEGER NOT NULL, history TEXT NOT NULL DEFAULT '[]',
  result TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT, traceparent TEXT);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS jobs_ref ON jobs (tenant_id, type, ref);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ${T}, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  entity TEXT NOT NULL, entity_id TEXT NOT NULL, details TEXT);
CREATE INDEX IF NOT EXISTS orders_status ON sales_orders (tenant_id, status);
CREATE INDEX IF NOT EXISTS allocations_order ON allocations (order_id, line_no);
`;

/**
 * Creates the tables (idempotent) and checks the data file's schema version.
 *
 * @example
 * migrate(db); // on every start
 */
export function migrate(db: Db): void {
  const version = db.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0;
  if (version !== 0 && version !== SCHEMA_VERSION) {
    throw new Error(
      `Failed to open the sandbox data file: it has schema version ${version}, this sandbox needs ${SCHEMA_VERSION}. Delete the data directory (or use another) and start again.`,
    );
  }
  db.transaction(() => {
    db.exec(DDL);
    // Data files from before trace propagation lack the column; adding it is all they need.
    const jobColumns = db.all<{ name: string }>('PRAGMA table_info(jobs)').map((c) => c.name);
    if (!jobColumns.includes('traceparent')) db.exec('ALTER TABLE jobs ADD COLUMN traceparent TEXT');
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}
