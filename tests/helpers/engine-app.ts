// The API suite on both engines: `describe.each(ENGINES)` runs a file against the SQLite file and against
// PostgreSQL/PostGIS holding the same demo (the PostgreSQL half is skipped, with a notice, where it is not
// installed; under CI it is required). Tests read the database through `rows`/`row` in the SQL both engines
// speak (`?` placeholders), and check "nothing changed" with `snapshot()`.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { createApp } from '../../server/app.ts';
import { type Db, openDatabase } from '../../server/db/open.ts';
import type { JobLimits } from '../../server/jobs/limits.ts';
import { loadLayers } from '../../server/layers/registry.ts';
import { scopedPool } from '../../server/store/postgres/scoped-pool.ts';
import { postgresStore } from '../../server/store/postgres-store.ts';
import type { Store } from '../../server/store/store.ts';
import { seededPostgres } from './pg-seeded.ts';
import { pgUrl } from './pg-url.ts';
import { appClient, makeTestApp, nextTurn, ROOT, snapshot, type TestApp } from './test-app.ts';

export type EngineName = 'sqlite' | 'postgres';

/** The engines this run tests: PostgreSQL when the run has one (pg-global-setup.ts). */
export const ENGINES: EngineName[] = pgUrl() ? ['sqlite', 'postgres'] : ['sqlite'];

export interface EngineApp extends Pick<TestApp, 'app' | 'request' | 'login' | 'dir'> {
  engine: EngineName;
  store: Store;
  /** Rows of a read, with `?` placeholders on both engines (owner's view: no row-level security). */
  rows<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  row<T>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** A write through another connection (as another web process or the command line would), seen by the app. */
  exec(sql: string, ...params: unknown[]): Promise<void>;
  /** A digest of every row of every table but the logs of reads and logins: equal means nothing changed. */
  snapshot(): Promise<string>;
  close(): Promise<void>;
}

type Options = { clientDir?: string; trustedProxy?: string; limits?: Partial<JobLimits> };

const placeholders = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** Tables whose rows a read or a login writes: left out of "nothing changed". */
const LOGS = ['sessions', 'login_throttle', 'personal_data_reads', 'import_log', 'export_log', 'jobs'];

async function pgSnapshot(pool: pg.Pool): Promise<string> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT table_name = ANY ($1)
       AND table_name NOT IN ('spatial_ref_sys', 'schema_migrations') ORDER BY table_name`,
    [LOGS],
  );
  const lines: string[] = [];
  for (const { name } of tables) {
    const hash = createHash('sha256');
    const { rows } = await pool.query(`SELECT * FROM "${name}" ORDER BY 1`);
    for (const row of rows) hash.update(JSON.stringify(row));
    lines.push(`${name}:${hash.digest('hex')}`);
  }
  return lines.join('\n');
}

export async function makeEngineApp(engine: EngineName, opts: Options = {}): Promise<EngineApp> {
  if (engine === 'sqlite') {
    const t = makeTestApp(opts);
    let other: Db | undefined; // another connection, as another web process or the command line would write
    return {
      engine,
      app: t.app,
      dir: t.dir,
      request: t.request,
      login: t.login,
      store: t.store,
      rows: async <T>(sql: string, ...params: unknown[]) => t.db.prepare(sql).all(...(params as never[])) as T[],
      row: async <T>(sql: string, ...params: unknown[]) => t.db.prepare(sql).get(...(params as never[])) as T,
      exec: async (sql, ...params) => {
        other ??= openDatabase(join(t.dir, 'edigit.db'));
        other.prepare(sql).run(...(params as never[]));
        await nextTurn();
      },
      snapshot: async () => snapshot(t.db),
      close: async () => {
        other?.close();
        t.close();
      },
    };
  }
  const seeded = await seededPostgres(pgUrl()!);
  const dir = mkdtempSync(join(tmpdir(), 'edigit-test-pg-'));
  const opened = await postgresStore(scopedPool(seeded.url, { fallback: [] }));
  const app = createApp(
    {
      store: opened.store,
      engine: { kind: 'postgres', url: seeded.url },
      dataDir: dir,
      layers: loadLayers(join(ROOT, 'layers')),
      ...(opts.limits ? { limits: opts.limits } : {}),
    },
    { ...(opts.clientDir ? { clientDir: opts.clientDir } : {}), trustedProxy: opts.trustedProxy ?? null },
  );
  const rows = async <T>(sql: string, ...params: unknown[]) =>
    (await seeded.pool.query(placeholders(sql), params)).rows as T[];
  return {
    engine,
    app,
    dir,
    ...appClient(app),
    store: opened.store,
    rows,
    row: async <T>(sql: string, ...params: unknown[]) => (await rows<T>(sql, ...params))[0],
    exec: async (sql, ...params) => {
      await seeded.pool.query(placeholders(sql), params);
    },
    snapshot: () => pgSnapshot(seeded.pool),
    async close() {
      await opened.close();
      await seeded.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
