// The PostgreSQL engine's connection pool, migrated on open. Several app servers may start at once: an
// advisory lock lets one of them migrate while the others wait, then find nothing left to do.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { logPoolErrors } from './scoped-pool.ts';

const DIR = join(import.meta.dirname, 'migrations');
/** Any constant the whole installation agrees on: it names the lock that serialises migrations. */
const MIGRATION_LOCK = 7791_2026;

export type PgPool = pg.Pool;

/** The numbered migrations of this engine, oldest first (PostgreSQL's first is 017: see 017_schema.sql). */
export function pgMigrations(): { version: number; file: string }[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), file }));
}

/** Applies the migrations not yet applied, each in its own transaction; returns the versions applied. */
export async function migratePostgres(pool: PgPool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const { version, file } of pgMigrations()) {
      if (done.has(version)) continue;
      try {
        await client.query('BEGIN');
        await client.query(readFileSync(join(DIR, file), 'utf8'));
        await client.query('INSERT INTO schema_migrations VALUES ($1, $2)', [version, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migrazione PostgreSQL ${file} fallita: ${(e as Error).message}`);
      }
      applied.push(version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** A pool on `url` (postgres://…), migrated. */
export async function openPostgres(url: string, { max = 10 }: { max?: number } = {}): Promise<PgPool> {
  const pool = new pg.Pool({ connectionString: url, max });
  logPoolErrors(pool);
  try {
    await migratePostgres(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return pool;
}
