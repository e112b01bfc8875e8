// Opens the register behind the Store boundary on the engine EDIGIT_DB names; the processes (web, command line,
// workers) call this and never an engine directly.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/open.ts';
import type { EngineRef } from './engine.ts';
import { pgAuditStore } from './postgres/audit.ts';
import { copyInstallation } from './postgres/from-sqlite.ts';
import { openPostgres } from './postgres/open.ts';
import { type Scope, scopedPool } from './postgres/scoped-pool.ts';
import { pgTaxRates } from './postgres/tax-rates.ts';
import { postgresStore } from './postgres-store.ts';
import { sqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

export interface OpenStore {
  store: Store;
  close(): Promise<void>;
}

/**
 * `scope`: what the work may touch when no request says otherwise — a web process's requests each set theirs
 * (outside them: nothing), the command line and background work see every comune.
 */
export async function openStore(engine: EngineRef, { scope }: { scope: Scope }): Promise<OpenStore> {
  if (engine.kind === 'sqlite') {
    const db = openDatabase(engine.path);
    return { store: sqliteStore(db), close: async () => db.close() };
  }
  // As openDatabase does for a file: a new database gets its schema (the command line may be first to open it).
  await (await openPostgres(engine.url, { max: 1 })).end();
  return postgresStore(scopedPool(engine.url, { fallback: scope }));
}

/**
 * The audit's part of the store, for a worker thread: on SQLite without the activity file (a long write
 * transaction must not lock logins out), on PostgreSQL a small pool that sees every comune (the run was checked
 * against the user's scope when it was created).
 */
export async function openAuditStore(
  engine: EngineRef,
): Promise<{ store: Pick<Store, 'audit' | 'taxRates'>; close(): Promise<void> }> {
  if (engine.kind === 'sqlite') {
    const db = openDatabase(engine.path, { activity: false });
    return { store: sqliteStore(db), close: async () => db.close() };
  }
  const pool = scopedPool(engine.url, { fallback: 'all', max: 2 });
  return { store: { audit: pgAuditStore(pool), taxRates: pgTaxRates(pool) }, close: () => pool.end() };
}

/**
 * Migrates the register and, when it is new (a new SQLite file, a PostgreSQL database without comuni), fills it
 * with `fill` (the demo). On PostgreSQL the demo is
 * generated into a temporary SQLite file and moved with `edigit migrate`'s verified copy. Returns true if filled.
 */
export async function prepareRegister(
  engine: EngineRef,
  fill: (db: ReturnType<typeof openDatabase>) => void,
): Promise<boolean> {
  if (engine.kind === 'sqlite') {
    const fresh = !existsSync(engine.path);
    const db = openDatabase(engine.path);
    try {
      if (fresh) fill(db);
      return fresh;
    } finally {
      db.close();
    }
  }
  const pool = await openPostgres(engine.url, { max: 1 });
  try {
    if ((await pool.query('SELECT 1 FROM comuni LIMIT 1')).rowCount) return false;
    const dir = mkdtempSync(join(tmpdir(), 'edigit-demo-'));
    const db = openDatabase(join(dir, 'demo.db'));
    try {
      fill(db);
      await copyInstallation(db, pool);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return true;
  } finally {
    await pool.end();
  }
}
