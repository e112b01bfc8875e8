import { createHash } from 'node:crypto';
// A real app over a real temporary SQLite file with a small demo (no mocked database).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { type Db, openDatabase } from '../../server/db/open.ts';
import type { JobLimits } from '../../server/jobs/limits.ts';
import { loadLayers } from '../../server/layers/registry.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { sqliteStore } from '../../server/store/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface TestApp {
  db: Db;
  store: Store;
  dir: string;
  app: ReturnType<typeof createApp>;
  request(path: string, init?: RequestInit & { cookie?: string; json?: unknown }): Promise<Response>;
  login(username: string): Promise<string>;
  close(): void;
}

/** Requests to an in-process app, and a login with a demo user's password. */
export function appClient(app: ReturnType<typeof createApp>): Pick<TestApp, 'request' | 'login'> {
  const request: TestApp['request'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return Promise.resolve(app.request(path, { ...init, headers, body }));
  };
  return {
    request,
    async login(username) {
      const res = await request('/api/session', { method: 'POST', json: { username, password: `${username}-demo` } });
      if (res.status !== 201) throw new Error(`login ${username}: ${res.status}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
  };
}

export function makeTestApp(
  opts: { parcels?: number; clientDir?: string; trustedProxy?: string; limits?: Partial<JobLimits> } = {},
): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'edigit-test-'));
  const dbPath = join(dir, 'edigit.db');
  const db = openDatabase(dbPath);
  seedDemo(db, { parcels: opts.parcels ?? 400, seed: 42 });
  const layers = loadLayers(join(ROOT, 'layers'));
  const store = sqliteStore(db);
  const app = createApp(
    {
      store,
      engine: { kind: 'sqlite', path: dbPath },
      dataDir: dir,
      layers,
      ...(opts.limits ? { limits: opts.limits } : {}),
    },
    {
      ...(opts.clientDir ? { clientDir: opts.clientDir } : {}),
      trustedProxy: opts.trustedProxy ?? null,
    },
  );
  const { request, login } = appClient(app);
  return {
    db,
    store,
    dir,
    app,
    request,
    login,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A digest of every row of every table (full-text and R*Tree indexes through their virtual tables, not their
 * shadow tables) but the logs that reads and logins write: equal means nothing changed.
 */
/**
 * In-process requests run within one turn of the event loop; over the network each arrives in a later one. The
 * server asks SQLite whether another connection committed once per turn (store/sqlite/data-version.ts): a test
 * that commits from another connection lets a turn pass before its next request, as a real request would.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function snapshot(db: Db): string {
  const all = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as {
    name: string;
    sql: string;
  }[];
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`));
  const logs = ['sessions', 'login_throttle', 'personal_data_reads', 'import_log', 'export_log', 'jobs'];
  const tables = all.map((t) => t.name).filter((name) => !shadow(name) && !logs.includes(name));
  return tables
    .map((t) => {
      const hash = createHash('sha256');
      for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).iterate()) hash.update(JSON.stringify(row));
      return `${t}:${hash.digest('hex')}`;
    })
    .join('\n');
}
