// The PostgreSQL store's small repositories answer as the SQLite store does over the same seeded demo: sessions,
// users, comuni, jobs, the read log, the login throttle; and the tile change feed learns of other connections'
// commits through LISTEN/NOTIFY.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pgComuni, pgPing } from '../../server/store/postgres/comuni.ts';
import { pgJobs } from '../../server/store/postgres/jobs.ts';
import { pgLoginThrottle } from '../../server/store/postgres/login-throttle.ts';
import { pgReadLog } from '../../server/store/postgres/read-log.ts';
import { pgSessions } from '../../server/store/postgres/sessions.ts';
import type { Queryable } from '../../server/store/postgres/sql-helpers.ts';
import { APPLICATION_NAME, type PgTileChangeFeed, pgTileChangeFeed } from '../../server/store/postgres/tile-changes.ts';
import { pgCreateUser, pgUsers } from '../../server/store/postgres/users.ts';
import { createUser } from '../../server/store/sqlite/users.ts';
import { sqliteStore } from '../../server/store/sqlite-store.ts';
import type { Reader, Store } from '../../server/store/store.ts';
import { type SeededPostgres, seededPostgres } from '../helpers/pg-seeded.ts';
import { pgUrl } from '../helpers/pg-url.ts';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';

const admin = pgUrl();

/** Waits for `ready` (a notification's effect), a little at a time, up to 10 s. */
async function until(ready: () => boolean): Promise<void> {
  for (let waited = 0; !ready(); waited += 20) {
    if (waited > 10_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What a promise ends as: its value, or its error's message. */
const outcome = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ value }),
    (e: Error) => ({ error: e.message }),
  );

describe.skipIf(!admin)('PostgreSQL small repositories, against SQLite on the same seed', () => {
  let pg: SeededPostgres;
  let t: TestApp;
  let lite: Store;
  let store: Pick<Store, 'comuni' | 'users' | 'readLog' | 'jobs' | 'sessions' | 'loginThrottle'>;

  beforeAll(async () => {
    pg = await seededPostgres(admin!);
    t = makeTestApp();
    lite = sqliteStore(t.db);
    store = {
      comuni: pgComuni(pg.pool),
      users: pgUsers(pg.pool),
      readLog: pgReadLog(pg.pool),
      jobs: pgJobs(pg.pool),
      sessions: pgSessions(pg.pool),
      loginThrottle: pgLoginThrottle(pg.pool),
    };
  });
  afterAll(async () => {
    await pg?.close();
    t?.close();
  });

  it('pings, and lists the comuni and tells which exist as SQLite does', async () => {
    await expect(pgPing(pg.pool)).resolves.toBeUndefined();
    expect(await store.comuni.list()).toEqual(await lite.comuni.list());
    const exists = async (s: Pick<Store, 'comuni'>) => [await s.comuni.exists('E617'), await s.comuni.exists('Z999')];
    expect(await exists(store)).toEqual([true, false]);
    expect(await exists(lite)).toEqual([true, false]);
  });

  it('logs in, finds the session and logs out as SQLite does', async () => {
    const pgIn = await store.sessions.login('admin', 'admin-demo');
    const liteIn = await lite.sessions.login('admin', 'admin-demo');
    expect(pgIn!.user).toEqual(liteIn!.user);
    expect(pgIn!.user).toEqual({ id: 1, username: 'admin', role: 'admin', comuni: ['C566', 'E617'] });
    expect(await store.sessions.login('admin', 'sbagliata')).toBeNull();
    expect(await lite.sessions.login('admin', 'sbagliata')).toBeNull();
    expect(await store.sessions.login('nessuno', 'admin-demo')).toBeNull();

    expect(await store.sessions.userForToken(pgIn!.token)).toEqual(pgIn!.user);
    expect(await store.sessions.userForToken(liteIn!.token)).toBeNull(); // another engine's session
    const stored = await pg.pool.query('SELECT user_id FROM sessions');
    expect(stored.rows).toEqual([{ user_id: 1 }]);

    await store.sessions.logout(pgIn!.token);
    await lite.sessions.logout(liteIn!.token);
    expect(await store.sessions.userForToken(pgIn!.token)).toBeNull();
    expect(await lite.sessions.userForToken(liteIn!.token)).toBeNull();
  });

  it("gives the user's comuni with where the map opens as SQLite does", async () => {
    for (const username of ['admin', 'urbanista', 'tributi']) {
      const user = (await lite.sessions.login(username, `${username}-demo`))!.user;
      const views = await store.sessions.meComuni(user);
      expect(views).toEqual(await lite.sessions.meComuni(user));
      expect(views.map((v) => v.code)).toEqual(user.comuni);
    }
  });

  it('adds users and grants them comuni as SQLite does, refusing with the same reasons', async () => {
    const u = { username: 'prova.pg', password: 'password-lunga', role: 'tributi', comuni: ['E617'] };
    const added = await pgCreateUser(pg.pool, u);
    expect(added).toEqual(createUser(t.db, u));
    expect(added.username).toBe('prova.pg');
    expect(await store.sessions.login('prova.pg', 'password-lunga')).toMatchObject({ user: added });

    const refusals = [
      { ...u, username: 'altro', comuni: ['e617'] },
      { ...u, username: 'altro', comuni: ['E617', 'Z999'] },
      { ...u, role: 'capo' },
      u,
    ];
    for (const r of refusals) {
      const sqlite = outcome(Promise.resolve().then(() => createUser(t.db, r)));
      expect(await outcome(pgCreateUser(pg.pool, r))).toEqual(await sqlite);
    }
    expect(await outcome(pgCreateUser(pg.pool, u))).toEqual({ error: "l'utente prova.pg esiste già" });

    const granted = await store.users.grantComuni('prova.pg', ['C566', 'E617']);
    expect(granted).toEqual(await lite.users.grantComuni('prova.pg', ['C566', 'E617']));
    expect(granted.comuni).toEqual(['C566', 'E617']);
    for (const [name, comuni] of [
      ['nessuno', ['E617']],
      ['prova.pg', []],
      ['prova.pg', ['Z999']],
    ] as const) {
      const error = await outcome(store.users.grantComuni(name, [...comuni]));
      expect(error).toEqual(await outcome(lite.users.grantComuni(name, [...comuni])));
      expect(error).toHaveProperty('error');
    }

    const asked = ['tributi', 'nessuno', 'admin'];
    expect((await store.users.existing(asked)).sort()).toEqual((await lite.users.existing(asked)).sort());
    expect((await store.users.existing(asked)).sort()).toEqual(['admin', 'tributi']);
  });

  it('keeps jobs as SQLite does: created, followed, settled, and failed or done after a restart', async () => {
    const both = [store, lite];
    const stripped = async (s: Pick<Store, 'jobs'>, id: string) => {
      const job = await s.jobs.get(id);
      expect(job!.id).toBe(id);
      expect(job!.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const { id: _, created_at, finished_at, ...rest } = job!;
      return { ...rest, finished: finished_at === null ? null : finished_at >= created_at };
    };
    const create = (s: Pick<Store, 'jobs'>, kind: 'export' | 'import', n: number) =>
      s.jobs.create({ kind, userId: 1, username: 'admin', comune: 'E617', params: { n, layers: ['edifici'] } });

    const [pgId, liteId] = await Promise.all(both.map((s) => create(s, 'export', 1)));
    expect(await stripped(store, pgId!)).toEqual(await stripped(lite, liteId!));
    expect(await stripped(store, pgId!)).toMatchObject({ status: 'queued', progress: 0, result: null, finished: null });

    await store.jobs.update(pgId!, { status: 'running', progress: 0.25 });
    await lite.jobs.update(liteId!, { status: 'running', progress: 0.25 });
    expect(await stripped(store, pgId!)).toEqual(await stripped(lite, liteId!));

    const done = { status: 'done', progress: 1, result: { rows: 12 }, file: 'x.gpkg' } as const;
    await store.jobs.settle(pgId!, done);
    await lite.jobs.settle(liteId!, done);
    expect(await stripped(store, pgId!)).toEqual(await stripped(lite, liteId!));
    expect(await stripped(store, pgId!)).toMatchObject({ status: 'done', result: { rows: 12 }, finished: true });
    expect(await store.jobs.get('nessuno')).toBeNull();

    // A write the database refuses (no such status) is logged, never thrown.
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const bogus = { status: 'perso' as 'done' };
      await expect(store.jobs.settle(pgId!, bogus)).resolves.toBeUndefined();
      await expect(lite.jobs.settle(liteId!, bogus)).resolves.toBeUndefined();
      expect(log).toHaveBeenCalledTimes(2);
    } finally {
      log.mockRestore();
    }

    // Left behind by a "previous process": an export, an import that committed, an import that did not.
    const left = await Promise.all(both.map((s) => Promise.all([create(s, 'export', 2), create(s, 'import', 3)])));
    const committed = await Promise.all(both.map((s) => create(s, 'import', 4)));
    for (const id of [...left[0]!, committed[0]!]) await store.jobs.update(id, { status: 'running' });
    for (const id of [...left[1]!, committed[1]!]) await lite.jobs.update(id, { status: 'running' });
    const report = JSON.stringify({ applied: 7 });
    const line = `INSERT INTO import_log (username, format, comune, file, dry_run, outcome, report, job_id)
      VALUES ('admin', 'gpkg', 'E617', 'a.gpkg', 0, 'applied', `;
    await pg.pool.query(`${line} $1, $2)`, [report, committed[0]]);
    t.db.prepare(`${line} ?, ?)`).run(report, committed[1]!);

    expect(await store.jobs.failInterrupted()).toBe(await lite.jobs.failInterrupted());
    const after = await Promise.all(
      both.map((s, i) => Promise.all([...left[i]!, committed[i]!].map((id) => stripped(s, id)))),
    );
    expect(after[0]).toEqual(after[1]);
    expect(after[0]!.map((j) => [j.status, j.result])).toEqual([
      ['failed', null],
      ['failed', null],
      ['done', { applied: 7 }],
    ]);
    expect(await store.jobs.failInterrupted()).toBe(0);
  });

  it('writes the read log and the export log as SQLite does', async () => {
    const cli: Reader = { id: null, username: 'riga di comando' };
    const user: Reader = { id: 3, username: 'tributi' };
    const reads = (s: Pick<Store, 'readLog'>) =>
      Promise.all([
        s.readLog.record(user, 'building', 7, 'fascicolo'),
        s.readLog.record(cli, 'tile:imu', 12, 'tile 15/1/2'),
        s.readLog.record(user, 'unit', 9, 'posizione IMU'),
      ]);
    await reads(store);
    await reads(lite);
    const exp = { comune: 'E617', layers: ['edifici', 'imu'], crs: 'EPSG:3003', area: 'comune', features: 40 };
    for (const s of [store, lite]) {
      await s.readLog.export({ ...exp, reader: cli, file: 'a.gpkg', personal: 'posizioni IMU' });
      await s.readLog.export({ ...exp, reader: user, file: 'b.gpkg', personal: null });
    }

    const readRows = 'SELECT user_id, username, entity, entity_id, what, at FROM personal_data_reads ORDER BY id';
    const pgReads = await pg.pool.query<{ at: string; entity: string }>(readRows);
    const liteReads = t.db.prepare(readRows).all() as typeof pgReads.rows;
    const plain = <R extends { at: string }>(rows: R[]) =>
      rows.map(({ at, ...r }) => {
        expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        return r;
      });
    expect(plain(pgReads.rows)).toEqual(plain(liteReads));
    expect(plain(pgReads.rows).map((r) => r.entity)).toEqual(['building', 'tile:imu', 'unit', 'export']);
    const logged = 'SELECT username, comune, layers, crs, area, personal, features FROM export_log ORDER BY id';
    expect((await pg.pool.query(logged)).rows).toEqual(t.db.prepare(logged).all());
    expect((await pg.pool.query(logged)).rows.map((r) => [r.username, r.personal])).toEqual([
      ['riga di comando', 1],
      ['tributi', 0],
    ]);
  });

  it('throttles failed logins with the same verdicts as SQLite', async () => {
    const run = async (s: Pick<Store, 'loginThrottle'>) => {
      const verdicts = [await s.loginThrottle.check(' Mario ', '10.0.0.1')];
      for (let i = 0; i < 6; i++) verdicts.push(await s.loginThrottle.failed('mario', '10.0.0.1'));
      verdicts.push(await s.loginThrottle.check('MARIO', null));
      const unlocked = [await s.loginThrottle.unlock('mario'), await s.loginThrottle.unlock('mario')];
      verdicts.push(await s.loginThrottle.check('mario', '10.0.0.1'));
      await s.loginThrottle.failed('mario', '10.0.0.1');
      await s.loginThrottle.succeeded('mario');
      verdicts.push(await s.loginThrottle.check('mario', '10.0.0.2'));
      return { verdicts, unlocked };
    };
    const pgRun = await run(store);
    expect(pgRun).toEqual(await run(lite));
    expect(pgRun.verdicts.map((v) => (v.allowed ? 0 : v.retryAfterSeconds))).toEqual([
      0, 0, 2, 4, 8, 900, 900, 900, 0, 0,
    ]);
    expect(pgRun.unlocked).toEqual([true, false]);
  });

  describe('tile change feed', () => {
    let feed: PgTileChangeFeed;
    beforeAll(async () => {
      feed = await pgTileChangeFeed(pg.pool);
    });
    afterAll(async () => {
      await feed?.close();
    });

    /** Moves a building by `dx` degrees on another connection; the box the change covers (old and new place). */
    const move = async (id: number, dx: number, c: Queryable = pg.pool) => {
      const { rows } = await c.query(
        `UPDATE buildings b SET geom = ST_Translate(b.geom, $2::float8, 0)
          FROM buildings o WHERE b.id = $1 AND o.id = b.id
          RETURNING ST_XMin(o.geom) + least($2::float8, 0) minx, ST_YMin(o.geom) miny,
            ST_XMax(o.geom) + greatest($2::float8, 0) maxx, ST_YMax(o.geom) maxy`,
        [id, dx],
      );
      return rows[0] as { minx: number; miny: number; maxx: number; maxy: number };
    };
    it("learns of another connection's edit: the version moves and the change is there with its box", async () => {
      const [v0, last0] = [feed.version(), feed.last()];
      expect(feed.since(last0)).toEqual([]);
      const box = await move(1, 0.001);
      await until(() => feed.version() !== v0);
      const changes = feed.since(last0);
      expect(changes.map((c) => [c.seq, c.source])).toEqual([[last0 + 1, 'buildings']]);
      expect(changes[0]!.box).toEqual(box);
      expect(feed.since(0)).toEqual(feed.since(last0 - 1).slice(-feed.since(0).length));
      expect(feed.last()).toBe(last0 + 1);
    });

    it('numbers changes in the order they were committed, across rollbacks and late commits', async () => {
      const before = feed.last();
      const boxes: Record<number, object> = {};
      const late = await pg.pool.connect();
      const undone = await pg.pool.connect();
      try {
        await late.query('BEGIN');
        await undone.query('BEGIN');
        boxes[2] = await move(2, 0.002, late); // takes a seq first, commits last
        await move(3, 0.002, undone); // takes a seq, never commits
        const v = feed.version();
        boxes[4] = await move(4, 0.002);
        await until(() => feed.version() !== v);
        await undone.query('ROLLBACK');
        const v2 = feed.version();
        await late.query('COMMIT');
        await until(() => feed.version() !== v2);
      } finally {
        late.release();
        undone.release();
      }
      const changes = feed.since(before);
      expect(changes.map((c) => c.seq)).toEqual([before + 1, before + 2]);
      expect(changes.map((c) => c.box)).toEqual([boxes[4], boxes[2]]);
      const seqs = await pg.pool.query('SELECT seq FROM tile_changes ORDER BY seq DESC LIMIT 2');
      // The table's order (the late commit first) is not the order the feed learnt them in.
      expect(seqs.rows.map((r) => r.seq)).toEqual([seqs.rows[1]!.seq + 2, seqs.rows[1]!.seq]);
    });

    it('listens again after its connection was cut, and finds what was committed meanwhile', async () => {
      const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const [v, before] = [feed.version(), feed.last()];
        const cut = await pg.pool.query(
          'SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = $1',
          [APPLICATION_NAME],
        );
        expect(cut.rows).toEqual([{ cut: true }]);
        const box = await move(5, -0.001);
        await until(() => feed.version() !== v);
        expect(feed.since(before)).toEqual([{ seq: before + 1, source: 'buildings', box }]);
      } finally {
        log.mockRestore();
      }
    });
  });
});
