// The PostgreSQL test infrastructure: the globalSetup's decision, findPgBin, the run's cluster (PostGIS, pg_trgm,
// unaccent in every test database) and a cluster's stop, which leaves no process and no file behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgBin, startCluster } from '../helpers/pg-cluster.ts';
import { CI_ERROR, type PgSetupDeps, pgDecision, pgSetup, SKIP_NOTICE } from '../helpers/pg-global-setup.ts';
import { createTestDatabase, pgUrl } from '../helpers/pg-url.ts';

const SKIP_REASON = 'PostgreSQL + PostGIS non disponibili (pacchetti postgresql-15 e postgresql-15-postgis-3)';

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('pgDecision', () => {
  it('EDIGIT_TEST_PG wins, then a local PostgreSQL, then CI fails and a developer run skips', () => {
    const cases = [
      { env: 'postgres://x@h/db', found: true, ci: true },
      { env: 'postgres://x@h/db', found: false, ci: true },
      { env: 'postgres://x@h/db', found: false, ci: false },
      { env: undefined, found: true, ci: true },
      { env: undefined, found: true, ci: false },
      { env: undefined, found: false, ci: true },
      { env: undefined, found: false, ci: false },
      { env: '', found: false, ci: false },
      { env: '', found: true, ci: false },
    ];
    expect(cases.map(pgDecision)).toEqual([
      'use-env',
      'use-env',
      'use-env',
      'start',
      'start',
      'fail',
      'skip',
      'skip',
      'start',
    ]);
  });
});

describe('pgSetup (the globalSetup with stand-ins)', () => {
  function harness(env: Record<string, string | undefined>, bin: string | null) {
    const log: string[] = [];
    const provided: [string, string | null][] = [];
    const deps: PgSetupDeps = {
      env,
      findPgBin: () => bin,
      startCluster: async (b) => {
        log.push(`start ${b}`);
        return { url: 'postgres://postgres@127.0.0.1:5999/postgres', stop: async () => void log.push('stop') };
      },
      warn: (line) => log.push(`warn ${line}`),
    };
    const run = () => pgSetup((key, value) => provided.push([key, value]), deps);
    return { log, provided, run };
  }

  it('EDIGIT_TEST_PG: provides it, starts nothing, no teardown', async () => {
    const h = harness({ EDIGIT_TEST_PG: 'postgres://u@db:5432/postgres', CI: 'true' }, '/pg/bin');
    expect(await h.run()).toBe(undefined);
    expect([h.provided, h.log]).toEqual([[['pgUrl', 'postgres://u@db:5432/postgres']], []]);
  });

  it('PostgreSQL found: starts a cluster, provides its URL, the teardown stops it', async () => {
    const h = harness({}, '/pg/bin');
    const teardown = await h.run();
    expect([h.provided, h.log]).toEqual([
      [['pgUrl', 'postgres://postgres@127.0.0.1:5999/postgres']],
      ['start /pg/bin'],
    ]);
    await teardown!();
    expect(h.log).toEqual(['start /pg/bin', 'stop']);
  });

  it('missing under CI: fails, provides nothing', async () => {
    const h = harness({ CI: 'true' }, null);
    await expect(h.run()).rejects.toThrow(CI_ERROR);
    expect([h.provided, h.log]).toEqual([[], []]);
  });

  it('missing outside CI: one notice, provides null', async () => {
    const h = harness({ CI: 'false' }, null);
    expect(await h.run()).toBe(undefined);
    expect([h.provided, h.log]).toEqual([[['pgUrl', null]], [`warn ${SKIP_NOTICE}`]]);
    expect(SKIP_NOTICE).toBe(
      'PostGIS: metà PostgreSQL dei test saltata — installare i pacchetti Debian postgresql-15 e ' +
        'postgresql-15-postgis-3 per eseguirla',
    );
  });
});

describe('findPgBin', () => {
  let base = '';
  const root = () => join(base, 'lib');
  const share = () => join(base, 'share');
  const install = (v: string, exes: string[], postgis: boolean) => {
    mkdirSync(join(root(), v, 'bin'), { recursive: true });
    for (const exe of exes) writeFileSync(join(root(), v, 'bin', exe), '');
    mkdirSync(join(share(), v, 'extension'), { recursive: true });
    if (postgis) writeFileSync(join(share(), v, 'extension', 'postgis.control'), '');
  };

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'edigit-findpg-'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('is null without /usr/lib/postgresql', () => {
    expect(findPgBin(join(base, 'none'), share())).toBe(null);
  });

  it('takes the newest version with initdb, pg_ctl and postgis.control', () => {
    install('9.6', ['initdb', 'pg_ctl'], true);
    install('13', ['initdb', 'pg_ctl'], true);
    install('15', ['initdb', 'pg_ctl'], true);
    install('16', ['initdb', 'pg_ctl'], false); // no PostGIS
    install('17', ['initdb'], true); // no pg_ctl
    mkdirSync(join(root(), 'common'), { recursive: true });
    expect(findPgBin(root(), share())).toBe(join(root(), '15', 'bin'));
  });

  it('is null when no version has PostGIS', () => {
    rmSync(share(), { recursive: true, force: true });
    expect(findPgBin(root(), share())).toBe(null);
  });
});

const url = pgUrl();

describe('the run’s PostgreSQL', () => {
  if (url === null) {
    it.skip(`skipped: ${SKIP_REASON}`, () => {});
    return;
  }

  it('offers PostGIS 3 among its extensions', async () => {
    const [row] = await query<{ v: string }>(
      url,
      "SELECT default_version AS v FROM pg_available_extensions WHERE name = 'postgis'",
    );
    expect(row!.v.split('.')[0]).toBe('3');
  });

  it('createTestDatabase: a UTF8 database with postgis, pg_trgm and unaccent', async () => {
    const db = await createTestDatabase(url);
    try {
      expect(db.name).toMatch(/^edigit_test_[0-9a-f]{12}$/);
      expect(new URL(db.url).pathname).toBe(`/${db.name}`);
      const [lib] = await query<{ v: string }>(db.url, 'SELECT PostGIS_Lib_Version() AS v');
      expect(lib!.v.split('.')[0]).toBe('3');
      const [row] = await query<Record<string, unknown>>(
        db.url,
        `SELECT ST_AsText(ST_GeomFromText('POINT(1 2)', 4326)) AS wkt,
                unaccent('Città perché') AS plain,
                similarity('Via Roma', 'Via Roma') AS same,
                current_database() AS db,
                pg_encoding_to_char(encoding) AS encoding
           FROM pg_database WHERE datname = current_database()`,
      );
      expect(row).toEqual({ wkt: 'POINT(1 2)', plain: 'Citta perche', same: 1, db: db.name, encoding: 'UTF8' });
      const extensions = await query<{ extname: string }>(db.url, 'SELECT extname FROM pg_extension ORDER BY 1');
      expect(extensions.map((e) => e.extname)).toEqual(['pg_trgm', 'plpgsql', 'postgis', 'unaccent']);
    } finally {
      await db.drop();
    }
  });

  it('drop() removes the database even with a connection still open', async () => {
    const db = await createTestDatabase(url);
    const other = await createTestDatabase(url);
    const left = new pg.Client({ connectionString: db.url });
    left.on('error', () => {}); // the forced drop ends this connection
    await left.connect();
    await db.drop();
    await left.end().catch(() => {});
    const listed = await query<{ datname: string }>(
      url,
      'SELECT datname FROM pg_database WHERE datname = ANY($1) ORDER BY 1',
      [[db.name, other.name]],
    );
    expect(listed).toEqual([{ datname: other.name }]);
    await other.drop();
    const after = await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [
      other.name,
    ]);
    expect(after).toEqual([{ n: 0 }]);
  });
});

describe('startCluster', () => {
  const bin = findPgBin();
  if (bin === null) {
    it.skip(`skipped: ${SKIP_REASON}`, () => {});
    return;
  }

  it('starts a cluster on 127.0.0.1; stop() leaves no process and no directory', async () => {
    const cluster = await startCluster(bin);
    const port = new URL(cluster.url).port;
    expect(cluster.url).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);
    const [row] = await query<Record<string, unknown>>(
      cluster.url,
      `SELECT current_user AS "user", current_setting('fsync') AS fsync,
              current_setting('listen_addresses') AS listen, current_setting('server_encoding') AS encoding`,
    );
    expect(row).toEqual({ user: 'postgres', fsync: 'off', listen: '127.0.0.1', encoding: 'UTF8' });
    await cluster.stop();
    await cluster.stop(); // a second stop does nothing
    expect(existsSync(cluster.dir)).toBe(false);
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(cluster.dir));
    expect(processes).toEqual([]);
    const refused = await query(cluster.url, 'SELECT 1').catch((e: NodeJS.ErrnoException) => e.code);
    expect(refused).toBe('ECONNREFUSED');
  });
});
