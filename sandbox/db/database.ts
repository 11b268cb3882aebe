import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import initSqlJs from 'sql.js';
import type { Database, SqlValue, Statement } from 'sql.js';

export type Param = SqlValue | boolean | undefined;
export type Row = Record<string, SqlValue>;

/**
 * The sandbox's one database connection (sql.js, SQLite in WASM).
 *
 * sql.js is synchronous and the process is single-threaded, so a transaction
 * is a synchronous function run between `BEGIN IMMEDIATE` and `COMMIT`: no
 * other request can interleave with it, which is what makes allocation
 * race-free. `transaction()` refuses an async callback for that reason.
 *
 * Durability (when a file is given): every committed write marks the database
 * dirty; a flush exports the whole database after a short debounce
 * (`persistDebounceMs`, default 20 ms), writes it to a temp file, fsyncs it and
 * renames it over the real file, so a reader never sees half a file. `close()`
 * flushes once more.
 *
 * @example
 * const db = await openDatabase({ file: '/tmp/erp/sandbox.sqlite' });
 * db.transaction(() => db.run('UPDATE stock SET allocated = allocated + ? WHERE id = ?', [5, 1]));
 * await db.close();
 */
export interface Db {
  all<T = Row>(sql: string, params?: readonly Param[]): T[];
  get<T = Row>(sql: string, params?: readonly Param[]): T | undefined;
  run(sql: string, params?: readonly Param[]): { changes: number; lastId: number };
  exec(sql: string): void;
  transaction<T>(fn: () => T): T;
  /** False while closing or when switched off through the admin API. */
  isAvailable(): boolean;
  setAvailable(available: boolean): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** The whole database as SQLite file bytes, taken between transactions (so always consistent). */
  exportBytes(): Uint8Array;
  /**
   * Replaces the whole database with these SQLite file bytes (a snapshot's), between
   * transactions; prepared statements are dropped, and with a file the new state is persisted.
   * Throws when called inside a transaction or after close.
   */
  replaceWith(bytes: Uint8Array): void;
  readonly file: string | undefined;
}

export interface OpenDatabaseOptions {
  file?: string;
  persistDebounceMs?: number;
}

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;
let sqlJs: Promise<SqlJs> | undefined;

function toSql(params: readonly Param[] | undefined): SqlValue[] {
  if (!params) return [];
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

/**
 * Starts compiling SQLite's WASM (once per thread), which V8 does off the thread: calling it
 * before importing the rest of the sandbox overlaps the two. `openDatabase` calls it too.
 *
 * @example
 * prepareSqlJs();
 * const { openSandbox } = await import('../index.js');
 */
export function prepareSqlJs(): Promise<SqlJs> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Db> {
  const SQL = await prepareSqlJs();
  let bytes: Uint8Array | undefined;
  if (options.file) {
    await mkdir(dirname(options.file), { recursive: true });
    bytes = await readFile(options.file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  }
  let raw: Database = new SQL.Database(bytes ?? null);
  raw.run('PRAGMA foreign_keys = ON');
  const statements = new Map<string, Statement>();
  const debounceMs = options.persistDebounceMs ?? 20;
  let depth = 0;
  let available = true;
  let closed = false;
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = raw.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const writeFileAtomically = async (file: string, data: Uint8Array): Promise<void> => {
    const temp = join(dirname(file), `.${process.pid}.${Date.now()}.tmp`);
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file).catch(async (error: unknown) => {
      await unlink(temp).catch(() => undefined);
      throw error;
    });
  };

  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (writing) await writing;
    if (!options.file || !dirty) return;
    dirty = false;
    // export() is a synchronous snapshot taken between transactions: always consistent.
    const snapshot = raw.export();
    writing = writeFileAtomically(options.file, snapshot).finally(() => {
      writing = undefined;
    });
    await writing;
  };

  const markDirty = (): void => {
    if (!options.file || closed) return;
    dirty = true;
    timer ??= setTimeout(() => {
      timer = undefined;
      flush().catch((error: unknown) => {
        dirty = true;
        console.error(`[sandbox] Failed to persist the database: ${String(error)}`);
      });
    }, debounceMs);
  };

  const run = (sql: string, params?: readonly Param[]): { changes: number; lastId: number } => {
    const statement = prepared(sql);
    try {
      statement.run(toSql(params));
    } finally {
      statement.reset();
    }
    const changes = raw.getRowsModified();
    const lastId = /^\s*insert/i.test(sql) ? Number(raw.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0] ?? 0) : 0;
    if (depth === 0 && changes > 0) markDirty();
    return { changes, lastId };
  };

  const db: Db = {
    file: options.file,
    all<T>(sql: string, params?: readonly Param[]): T[] {
      const statement = prepared(sql);
      const rows: T[] = [];
      try {
        statement.bind(toSql(params));
        while (statement.step()) rows.push(statement.getAsObject() as T);
      } finally {
        statement.reset();
      }
      return rows;
    },
    get<T>(sql: string, params?: readonly Param[]): T | undefined {
      return db.all<T>(sql, params)[0];
    },
    run,
    exec(sql: string): void {
      raw.exec(sql);
      if (depth === 0) markDirty();
    },
    transaction<T>(fn: () => T): T {
      if (closed) throw new Error('Failed to start a transaction: the database is closed.');
      if (depth > 0) {
        // Nested call: part of the enclosing transaction.
        depth++;
        try {
          return fn();
        } finally {
          depth--;
        }
      }
      raw.run('BEGIN IMMEDIATE');
      depth = 1;
      try {
        const result = fn();
        if (result instanceof Promise) {
          throw new Error(
            'A transaction callback must be synchronous: awaiting inside it would let other requests interleave.',
          );
        }
        raw.run('COMMIT');
        markDirty();
        return result;
      } catch (error) {
        raw.run('ROLLBACK');
        throw error;
      } finally {
        depth = 0;
      }
    },
    isAvailable: () => available && !closed,
    setAvailable(value: boolean): void {
      available = value;
    },
    flush,
    exportBytes: () => raw.export(),
    replaceWith(bytes: Uint8Array): void {
      if (closed) throw new Error('Failed to replace the database: it is closed.');
      if (depth > 0) throw new Error('Failed to replace the database: a transaction is open.');
      const next = new SQL.Database(bytes);
      next.run('PRAGMA foreign_keys = ON');
      for (const statement of statements.values()) statement.free();
      statements.clear();
      raw.close();
      raw = next;
      dirty = true;
      markDirty();
    },
    async close(): Promise<void> {
      if (closed) return;
      await flush();
      closed = true;
      for (const statement of statements.values()) statement.free();
      statements.clear();
      raw.close();
    },
  };
  return db;
}
