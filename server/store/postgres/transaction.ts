import type { PoolClient } from 'pg';
import type { PgPool } from './open.ts';

/** Runs `work` on one connection in one transaction: all of it or none of it. */
export async function pgTransaction<T>(pool: PgPool, work: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let broken: Error | undefined;
  try {
    await c.query('BEGIN');
    const result = await work(c);
    await c.query('COMMIT');
    return result;
  } catch (e) {
    // A connection that cannot even roll back goes out of the pool rather than to the next request.
    await c.query('ROLLBACK').catch((r: Error) => {
      broken = r;
    });
    throw e;
  } finally {
    c.release(broken);
  }
}
