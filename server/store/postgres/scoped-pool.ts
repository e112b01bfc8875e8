// The pool the PostgreSQL store queries through: every connection runs as edigit_app (which owns nothing, so
// row-level security applies to it) and carries the comuni of the work it does (migration 017's policies read
// them from `edigit.comuni`). The scope follows the request through AsyncLocalStorage, so a repository cannot
// forget it: whatever runs inside withComuni(…) sees only those comuni's tax and personal rows.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

export type Scope = readonly string[] | 'all';

/**
 * An idle pooled connection that the server drops (a restart, a failover) is reported on the pool: logged, and
 * the pool opens a new one when next asked. Unheard, that event would end the process.
 */
export function logPoolErrors(pool: pg.Pool): void {
  pool.on('error', (e) => console.error('[edigit] connessione PostgreSQL persa:', e.message));
}

// bigint columns (a tile's feature id in the read log, counts) come back as numbers, not strings: every value
// edigit stores is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

const current = new AsyncLocalStorage<string>();
const setting = (s: Scope) => (s === 'all' ? '*' : s.join(','));

/** Runs `work` with the comuni it may see (a signed-in user's) or all of them (command line, background work). */
export function withComuni<T>(scope: Scope, work: () => Promise<T>): Promise<T> {
  return current.run(setting(scope), work);
}

/**
 * A pool on `url` whose connections are scoped: inside withComuni the request's comuni, elsewhere `fallback`
 * ('all' for the command line and workers; [] — nothing — for web processes, where every request sets its own).
 */
export function scopedPool(url: string, { fallback, max = 10 }: { fallback: Scope; max?: number }): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  logPoolErrors(pool);
  const applied = new WeakMap<pg.PoolClient, string>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  async function scoped(): Promise<pg.PoolClient> {
    const client = await connect();
    const want = current.getStore() ?? setting(fallback);
    // A pooled connection keeps its role and last scope: set them when new or different (a round trip saved).
    if (applied.get(client) !== want) {
      try {
        // Fails closed: a connection that could not drop to edigit_app (the role missing after a restore, say)
        // is never used, rather than querying as the tables' owner, whom row-level security does not bind.
        if (!applied.has(client)) await client.query('SET ROLE edigit_app');
        await client.query("SELECT set_config('edigit.comuni', $1, false)", [want]);
      } catch (e) {
        client.release(e as Error);
        throw e;
      }
      applied.set(client, want);
    }
    return client;
  }
  // node-postgres types connect() with overloads (callback or promise): only the promise form is used here.
  (pool as { connect: unknown }).connect = scoped;
  (pool as { query: unknown }).query = async (...args: Parameters<pg.Pool['query']>) => {
    const client = await scoped();
    try {
      return await (client.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
    } finally {
      client.release();
    }
  };
  return pool;
}
