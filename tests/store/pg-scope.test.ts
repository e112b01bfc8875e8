// Row-level security on PostgreSQL: the second wall behind the policy module. A connection of the app sees a
// comune's tax rows only inside that comune's scope, and a query that was never given a scope sees none.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedPool, withComuni } from '../../server/store/postgres/scoped-pool.ts';
import { type SeededPostgres, seededPostgres } from '../helpers/pg-seeded.ts';
import { pgUrl } from '../helpers/pg-url.ts';

const admin = pgUrl();

describe.skipIf(!admin)('PostgreSQL row-level security by comune', () => {
  let seeded: SeededPostgres;
  let app: pg.Pool;
  /** The demo's two comuni: E617 (400 parcels) and C566 (100). */
  const positions = { E617: 0, C566: 0 };
  const count = async (pool: pg.Pool, table: string, where = 'true') =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)).rows[0]!.n;

  beforeAll(async () => {
    seeded = await seededPostgres(admin!);
    positions.E617 = await count(seeded.pool, 'imu_positions', "comune = 'E617'");
    positions.C566 = await count(seeded.pool, 'imu_positions', "comune = 'C566'");
    app = scopedPool(seeded.url, { fallback: [] });
  });
  afterAll(async () => {
    await app?.end();
    await seeded?.close();
  });

  it('has the demo data to hide (seen by the owner, who is not subject to the policies)', () => {
    expect(positions.E617).toBe(19607);
    expect(positions.C566).toBe(5061);
  });

  it('shows a comune’s tax rows to its own scope and to the command line’s, and none to another comune', async () => {
    expect(await withComuni(['E617'], () => count(app, 'imu_positions'))).toBe(positions.E617);
    expect(await withComuni(['C566'], () => count(app, 'imu_positions'))).toBe(positions.C566);
    expect(await withComuni(['E617', 'C566'], () => count(app, 'imu_positions'))).toBe(19607 + 5061);
    expect(await withComuni(['H501'], () => count(app, 'imu_positions'))).toBe(0);
    expect(await withComuni('all', () => count(app, 'imu_payments'))).toBe(await count(seeded.pool, 'imu_payments'));
  });

  it('outside any scope: the map is public, tax rows are hidden, no comune’s data can change', async () => {
    expect(await count(app, 'parcels')).toBe(500);
    expect(await count(app, 'imu_positions')).toBe(0);
    expect(await count(app, 'tari_payments')).toBe(0);
    const r = await app.query("UPDATE buildings SET note = 'fuori ambito' WHERE comune = 'E617'");
    expect(r.rowCount).toBe(0);
    const other = await withComuni(['C566'], () => app.query("UPDATE buildings SET note = 'x' WHERE comune = 'E617'"));
    expect(other.rowCount).toBe(0);
    const own = await withComuni(['C566'], () => app.query("UPDATE buildings SET note = 'x' WHERE comune = 'C566'"));
    expect(own.rowCount).toBe(await count(seeded.pool, 'buildings', "comune = 'C566'"));
  });

  it('a connection of the app role that never set its comuni sees no tax row', async () => {
    const client = new pg.Client({ connectionString: seeded.url });
    await client.connect();
    try {
      await client.query('SET ROLE edigit_app');
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM imu_positions');
      expect(rows[0]!.n).toBe(0);
      await expect(client.query('ALTER TABLE imu_positions DISABLE ROW LEVEL SECURITY')).rejects.toThrow(
        /must be owner of table imu_positions/,
      );
    } finally {
      await client.end();
    }
  });

  it('keeps each request’s scope apart when they interleave on the same pool', async () => {
    const [mine, theirs] = await Promise.all([
      withComuni(['E617'], async () => {
        await new Promise((r) => setTimeout(r, 5));
        return count(app, 'imu_positions');
      }),
      withComuni(['C566'], () => count(app, 'imu_positions')),
    ]);
    expect([mine, theirs]).toEqual([positions.E617, positions.C566]);
  });
});
