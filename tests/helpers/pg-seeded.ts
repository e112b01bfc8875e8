// A PostgreSQL database holding the same demo comune as makeTestApp's SQLite file: seeded in SQLite, then
// moved with `edigit migrate`'s own code, so both engines answer over identical rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { copyInstallation } from '../../server/store/postgres/from-sqlite.ts';
import { openPostgres, type PgPool } from '../../server/store/postgres/open.ts';
import { createTestDatabase } from './pg-url.ts';

export interface SeededPostgres {
  pool: PgPool;
  url: string;
  close(): Promise<void>;
}

export async function seededPostgres(adminUrl: string, { parcels = 400 }: { parcels?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'edigit-pg-seed-'));
  const target = await createTestDatabase(adminUrl);
  const db = openDatabase(join(dir, 'seed.db'));
  let pool: PgPool | undefined;
  try {
    seedDemo(db, { parcels, seed: 42 });
    pool = await openPostgres(target.url);
    await copyInstallation(db, pool);
  } catch (e) {
    await pool?.end();
    await target.drop();
    throw e;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const open = pool;
  return {
    pool: open,
    url: target.url,
    async close() {
      await open.end();
      await target.drop();
    },
  } satisfies SeededPostgres;
}
