// For test files: the run's PostgreSQL (from pg-global-setup.ts) and a fresh database per test file or suite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type {} from './pg-global-setup.ts'; // declares the type of inject('pgUrl')

/** Admin URL of the run's PostgreSQL with PostGIS, or null when the PostgreSQL tests are skipped. */
export function pgUrl(): string | null {
  return inject('pgUrl') ?? null; // undefined when a config runs without the globalSetup
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** edigit_test_<12 hex digits> */
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A new database edigit_test_<random> with postgis, pg_trgm and unaccent. drop() ends its connections (including
 * ones a test forgot to close) and drops it.
 */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `edigit_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = () =>
    withClient(adminUrl, async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  try {
    await withClient(url.href, (db) =>
      db.query('CREATE EXTENSION postgis; CREATE EXTENSION pg_trgm; CREATE EXTENSION unaccent;'),
    );
  } catch (e) {
    await drop();
    throw e;
  }
  return { name, url: url.href, drop };
}
