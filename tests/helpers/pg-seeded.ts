// A PostgreSQL database holding the same demo comuni as makeTestApp's SQLite file: seeded in SQLite, then moved
// with `edigit migrate`'s own code, so both engines answer over identical rows. The first test file of a run
// builds a template database per size; every other one clones it (CREATE DATABASE … TEMPLATE, ~0.2 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../server/db/open.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { copyInstallation } from '../../server/store/postgres/from-sqlite.ts';
import { openPostgres, type PgPool } from '../../server/store/postgres/open.ts';
import { createTestDatabase, type TestDatabase } from './pg-url.ts';

export interface SeededPostgres {
  pool: PgPool;
  url: string;
  close(): Promise<void>;
}

async function buildTemplate(adminUrl: string, name: string, parcels: number, admin: pg.Client): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'edigit-pg-seed-'));
  const built: TestDatabase = await createTestDatabase(adminUrl);
  const db = openDatabase(join(dir, 'seed.db'));
  try {
    seedDemo(db, { parcels, seed: 42 });
    const pool = await openPostgres(built.url);
    try {
      await copyInstallation(db, pool);
    } finally {
      await pool.end();
    }
    await admin.query(`ALTER DATABASE ${built.name} RENAME TO ${name}`);
  } catch (e) {
    await built.drop();
    throw e;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function seededPostgres(
  adminUrl: string,
  { parcels = 400 }: { parcels?: number } = {},
): Promise<SeededPostgres> {
  const template = `edigit_seed_${parcels}`;
  const name = `edigit_test_${Math.random().toString(16).slice(2, 14)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Test files run in parallel processes: one builds the template while the others wait for it.
    await admin.query('SELECT pg_advisory_lock($1)', [parcels]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!rowCount) await buildTemplate(adminUrl, template, parcels, admin);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [parcels]).catch(() => undefined);
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = await openPostgres(url.href);
  return {
    pool,
    url: url.href,
    async close() {
      await pool.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
