// The PostgreSQL audit store against the SQLite one on the same rows: the 400-parcel demo audited in SQLite and
// copied with `edigit migrate`'s code, then every read, the workflow and the run's writes compared deep-equal;
// and the audit run on PostgreSQL from the same demo, whose findings must be SQLite's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRun } from '../../server/audit/run-audit.ts';
import type { BBox } from '../../server/domain/geometry/types.ts';
import type { User } from '../../server/domain/users/user.ts';
import type {
  AuditRun,
  AuditStore,
  Finding,
  FindingDraft,
  FindingFilter,
  FindingItem,
} from '../../server/store/audit.ts';
import { pgAuditStore } from '../../server/store/postgres/audit.ts';
import { pgAuditCandidates } from '../../server/store/postgres/audit-candidates.ts';
import { copyInstallation } from '../../server/store/postgres/from-sqlite.ts';
import { openPostgres, type PgPool } from '../../server/store/postgres/open.ts';
import { sqliteAuditStore } from '../../server/store/sqlite/audit.ts';
import { sqliteAuditCandidates } from '../../server/store/sqlite/audit-candidates.ts';
import { sqliteStore } from '../../server/store/sqlite-store.ts';
import { createTestDatabase, pgUrl } from '../helpers/pg-url.ts';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';

interface Copy {
  pool: PgPool;
  close(): Promise<void>;
}

/** A new database holding exactly what the SQLite file holds now. */
async function copyOf(t: TestApp): Promise<Copy> {
  const target = await createTestDatabase(pgUrl()!);
  const pool = await openPostgres(target.url);
  await copyInstallation(t.db, pool);
  return {
    pool,
    async close() {
      await pool.end();
      await target.drop();
    },
  };
}

/** What a call answered or threw, so that both engines' refusals compare as values. */
async function outcome<T>(p: Promise<T>): Promise<{ ok: T } | { error: unknown }> {
  try {
    return { ok: await p };
  } catch (e) {
    const { kind, code, message, details } = e as { kind?: string; code?: string; message: string; details?: unknown };
    return { error: { kind, code, message, details } };
  }
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

/** Every page of a filter, through the cursor. */
async function pages(store: AuditStore, user: User, filter: FindingFilter) {
  const out: { items: FindingItem[]; next: string | null }[] = [];
  let cursor: string | undefined;
  do {
    const p = await store.list(user, { ...filter, ...(cursor ? { cursor } : {}) });
    out.push(p);
    cursor = p.next ?? undefined;
  } while (cursor);
  return out;
}

/** A finding as the rules made it, whatever the run, row id and time that stored it. */
const made = (f: FindingItem) => {
  const { id, etag, version, first_seen_run, last_seen_run, updated_at, ...rest } = f;
  return rest;
};
const byKey = (a: { rule: number; year: number; evidence: unknown }, b: typeof a) =>
  a.rule - b.rule || a.year - b.year || JSON.stringify(a).localeCompare(JSON.stringify(b));
/** Keys the clock writes: equal on both engines but for the time. */
const CLOCK = ['at', 'updated_at', 'started_at', 'finished_at'];
const timeless = <T extends object>(rows: T[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !CLOCK.includes(k))));

const asDraft = (f: Finding): FindingDraft => ({
  rule: f.rule,
  year: f.year,
  unit_id: f.unit_id,
  building_id: f.building_id,
  parcel_id: f.parcel_id,
  subject_id: f.subject_id,
  amount_eur: f.amount_eur,
  claimable_eur: f.claimable_eur,
  evidence: f.evidence,
  steps: f.steps,
});

describe.skipIf(!pgUrl())('PostgreSQL audit store, compared with SQLite', () => {
  let t: TestApp;
  let fresh: Copy;
  let audited: Copy;
  let sqlite: AuditStore;
  let pg: AuditStore;
  let run: AuditRun;
  let firstFindings: ReturnType<typeof made>[];
  let tributi: User;
  let admin: User;
  let urbanista: User;
  let elsewhere: User;

  beforeAll(async () => {
    t = makeTestApp();
    const id = (username: string) =>
      (t.db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number }).id;
    tributi = { id: id('tributi'), username: 'tributi', role: 'tributi', comuni: ['E617'] };
    admin = { id: id('admin'), username: 'admin', role: 'admin', comuni: ['E617', 'C566'] };
    urbanista = { id: id('urbanista'), username: 'urbanista', role: 'urbanista', comuni: ['E617'] };
    elsewhere = { ...tributi, comuni: ['C566'] };
    fresh = await copyOf(t);

    // The SQLite audit as the API runs it (worker threads on the file), then some work on its findings.
    const cookie = await t.login('tributi');
    const res = await t.request('/api/audit/runs', { method: 'POST', cookie, json: { comune: 'E617' } });
    run = await res.json();
    while (run.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      run = await (await t.request(`/api/audit/runs/${run.id}`, { cookie })).json();
    }
    expect(run.status).toBe('done');
    sqlite = sqliteAuditStore(t.db);
    firstFindings = (await collect(sqlite.iterate(tributi, { comune: 'E617' }))).map(made).sort(byKey);
    const top = (await sqlite.list(tributi, { comune: 'E617', limit: 3 })).items;
    await sqlite.patch(tributi, top[0]!.id, top[0]!.etag, { state: 'in_istruttoria', assignee: 'tributi', note: 'a' });
    await sqlite.patch(tributi, top[1]!.id, top[1]!.etag, { state: 'archiviato', note: 'nessun debito' });
    await sqlite.bulkAssign(admin, [top[2]!.id], 'admin');

    audited = await copyOf(t);
    pg = pgAuditStore(audited.pool);
  }, 180_000);

  afterAll(async () => {
    await fresh?.close();
    await audited?.close();
    t?.close();
  });

  it('reads the same candidates for the rules', async () => {
    const lite = sqliteAuditCandidates(t.db);
    const post = pgAuditCandidates(fresh.pool);
    const unitPages = await collect(post.unitPages('E617', run.years));
    expect(unitPages.flat().flatMap((y) => y.holdings).length).toBeGreaterThan(100);
    expect(unitPages).toEqual(await collect(lite.unitPages('E617', run.years)));
    for (const year of run.years) {
      expect(await collect(post.agriculturalLand('E617', year))).toEqual(
        await collect(lite.agriculturalLand('E617', year)),
      );
    }
    const buildings = await collect(post.buildingsWithoutUnits('E617'));
    expect(buildings.flat().length).toBeGreaterThan(0);
    expect(buildings).toEqual(await collect(lite.buildingsWithoutUnits('E617')));
  });

  it('lists every filter alike, page by page through the cursor', async () => {
    const all = await sqlite.list(tributi, { comune: 'E617', limit: 10_000 });
    expect(await pg.list(tributi, { comune: 'E617', limit: 10_000 })).toEqual(all);
    expect(all.items.length).toBeGreaterThan(50);
    const some = all.items[7]!;
    const box = t.db
      .prepare('SELECT minx, miny, maxx, maxy FROM audit_findings WHERE id = ?')
      .get(some.id) as unknown as BBox;
    const filters: Omit<FindingFilter, 'comune' | 'limit'>[] = [
      {},
      ...[1, 2, 3, 4, 5, 6, 7].map((rule) => ({ rule })),
      ...run.years.map((year) => ({ year })),
      { state: 'da_verificare' },
      { state: 'archiviato' },
      { assignee: '' },
      { assignee: 'tributi' },
      { assignee: 'admin' },
      { min_eur: some.claimable_eur },
      { foglio: some.foglio! },
      { bbox: box },
      { rule: some.rule, year: some.year, min_eur: 1 },
    ];
    for (const f of filters) {
      for (const limit of [7, 50]) {
        const filter = { comune: 'E617', limit, ...f };
        expect(await pages(pg, tributi, filter)).toEqual(await pages(sqlite, tributi, filter));
      }
      const { limit, ...every } = { comune: 'E617', limit: 0, ...f };
      expect(await collect(pg.iterate(tributi, every))).toEqual(await collect(sqlite.iterate(tributi, every)));
    }
    for (const [user, filter] of [
      [tributi, { comune: 'E617', limit: 5, cursor: 'nonsense' }],
      [tributi, { comune: 'C566', limit: 5 }],
      [urbanista, { comune: 'E617', limit: 5 }],
    ] as const) {
      const expected = await outcome(sqlite.list(user, filter));
      expect(expected).toHaveProperty('error');
      expect(await outcome(pg.list(user, filter))).toEqual(expected);
    }
  });

  it('answers every finding, its ETag and its history alike', async () => {
    const { items } = await sqlite.list(admin, { comune: 'E617', limit: 10_000 });
    expect((await pg.list(admin, { comune: 'E617', limit: 10_000 })).items).toEqual(items);
    for (const { id } of items) {
      expect(await pg.get(tributi, id)).toEqual(await sqlite.get(tributi, id));
      expect(await pg.etag(tributi, id)).toBe(await sqlite.etag(tributi, id));
      expect(await pg.events(tributi, id)).toEqual(await sqlite.events(tributi, id));
    }
    const reads = 'SELECT user_id, username, entity, entity_id, what FROM personal_data_reads ORDER BY id';
    const logged = (await audited.pool.query(reads)).rows;
    expect(logged.length).toBeGreaterThan(3 * items.length);
    expect(logged).toEqual(
      t.db
        .prepare(reads)
        .all()
        .map((r) => ({ ...r })),
    );
    const worked = await pg.events(tributi, items[0]!.id);
    expect(worked.map((e) => `${e.from_state}>${e.to_state}`)).toEqual(['da_verificare>in_istruttoria']);
    for (const [user, id] of [
      [tributi, 999_999],
      [elsewhere, items[0]!.id],
      [urbanista, items[0]!.id],
    ] as const) {
      const expected = await outcome(sqlite.get(user, id));
      expect(expected).toHaveProperty('error');
      expect(await outcome(pg.get(user, id))).toEqual(expected);
      expect(await outcome(pg.events(user, id))).toEqual(await outcome(sqlite.events(user, id)));
    }
  });

  it('answers runs, the summary and the scoring keys alike', async () => {
    expect(await pg.getRun(tributi, run.id)).toEqual(await sqlite.getRun(tributi, run.id));
    expect(await outcome(pg.getRun(elsewhere, run.id))).toEqual(await outcome(sqlite.getRun(elsewhere, run.id)));
    expect(await outcome(pg.getRun(tributi, 999))).toEqual(await outcome(sqlite.getRun(tributi, 999)));
    const summary = await pg.summary(tributi, 'E617');
    expect(summary.by_foglio.length).toBeGreaterThan(1);
    expect(summary).toEqual(await sqlite.summary(tributi, 'E617'));
    expect(await outcome(pg.summary(tributi, 'C566'))).toEqual(await outcome(sqlite.summary(tributi, 'C566')));
    const sorted = (k: { truth: unknown[]; found: unknown[] }) => ({
      truth: k.truth.map((x) => JSON.stringify(x)).sort(),
      found: k.found.map((x) => JSON.stringify(x)).sort(),
    });
    expect(sorted(await pg.scoringKeys('E617', run.years))).toEqual(
      sorted(await sqlite.scoringKeys('E617', run.years)),
    );
  });

  it('patches alike: the workflow, its refusals, its events and history', async () => {
    const { items } = await sqlite.list(tributi, { comune: 'E617', state: 'da_verificare', limit: 3 });
    const [a, b, c] = items as [FindingItem, FindingItem, FindingItem];
    const steps: [User, number, string, Parameters<AuditStore['patch']>[3]][] = [
      [tributi, a.id, a.etag, { state: 'in_istruttoria', assignee: 'tributi', note: ' chiesti i versamenti ' }],
      [tributi, a.id, a.etag, { state: 'accertato' }], // the ETag is now stale
      [tributi, a.id, `"f${a.id}-v${a.version + 1}"`, { state: 'accertato' }],
      [tributi, b.id, b.etag, { state: 'accertato' }], // not allowed from da_verificare
      [tributi, b.id, b.etag, { state: 'archiviato' }], // without a reason
      [tributi, b.id, b.etag, { assignee: 'urbanista' }], // not tax staff
      [tributi, b.id, `W/${b.etag}`, { state: 'archiviato', note: 'doppione' }],
      [tributi, c.id, c.etag, {}], // nothing to change
      [elsewhere, c.id, c.etag, { assignee: null }],
      [urbanista, c.id, c.etag, { assignee: null }],
    ];
    for (const [user, id, etag, change] of steps) {
      const lite = await outcome(sqlite.patch(user, id, etag, change));
      const post = await outcome(pg.patch(user, id, etag, change));
      if ('ok' in lite && 'ok' in post) expect(timeless([post.ok])).toEqual(timeless([lite.ok]));
      else expect(post).toEqual(lite);
    }
    expect(await pg.bulkAssign(admin, [a.id, b.id, c.id], 'admin')).toBe(
      await sqlite.bulkAssign(admin, [a.id, b.id, c.id], 'admin'),
    );
    expect(await outcome(pg.bulkAssign(admin, [c.id], 'cesano'))).toEqual(
      await outcome(sqlite.bulkAssign(admin, [c.id], 'cesano')),
    );
    for (const id of [a.id, b.id, c.id]) {
      expect(timeless(await pg.events(tributi, id))).toEqual(timeless(await sqlite.events(tributi, id)));
      expect(timeless([await pg.get(tributi, id)])).toEqual(timeless([await sqlite.get(tributi, id)]));
    }
    const history = 'SELECT entity, entity_id, user_id, username, before, after FROM history ORDER BY id';
    expect((await audited.pool.query(history)).rows).toEqual(
      t.db
        .prepare(history)
        .all()
        .map((r) => ({ ...r })),
    );
  });

  it('keeps ids, states and assignees across runs alike: not reproduced, then found again', async () => {
    const year = run.years[run.years.length - 1]!;
    const { items } = await sqlite.list(tributi, { comune: 'E617', year, limit: 10_000 });
    const drafts = await Promise.all(items.map(async (i) => asDraft(await sqlite.get(tributi, i.id))));
    const half = drafts.filter((_, i) => i % 2 === 0);
    half[0] = { ...half[0]!, claimable_eur: half[0]!.claimable_eur + 1 }; // a new amount: a new version
    half.push(half[1]!); // a finding twice in one batch
    for (const found of [half, drafts]) {
      const both = [];
      for (const store of [sqlite, pg]) {
        const r = await store.createRun(null, 'E617', [year], run.as_of);
        const saved = await store.saveFindings(r.id, 'E617', found);
        const closed = await store.closeRun(r.id, 'E617', [year]);
        await store.updateRun(r.id, { status: 'done', progress: 1 });
        both.push({ run: r.id, saved, closed });
      }
      expect(both[1]).toEqual(both[0]);
      expect(both[0]!.closed + both[0]!.saved.reopened).toBeGreaterThan(0);
      const every = { comune: 'E617', year };
      expect(timeless(await collect(pg.iterate(tributi, every)))).toEqual(
        timeless(await collect(sqlite.iterate(tributi, every))),
      );
      const r = both[0]!.run;
      expect(timeless([await pg.getRun(tributi, r)])).toEqual(timeless([await sqlite.getRun(tributi, r)]));
    }
    for (const { id } of items) {
      expect(timeless(await pg.events(tributi, id))).toEqual(timeless(await sqlite.events(tributi, id)));
    }
    const running = await sqlite.createRun(null, 'E617', [year], run.as_of);
    await pg.createRun(null, 'E617', [year], run.as_of);
    expect(await outcome(pg.createRun(null, 'E617', [year], run.as_of))).toEqual(
      await outcome(sqlite.createRun(null, 'E617', [year], run.as_of)),
    );
    expect(await outcome(pg.createRun(null, 'Z999', [year], run.as_of))).toEqual(
      await outcome(sqlite.createRun(null, 'Z999', [year], run.as_of)),
    );
    expect(await pg.failInterruptedRuns()).toBe(await sqlite.failInterruptedRuns());
    expect(timeless([await pg.getRun(tributi, running.id)])).toEqual(
      timeless([await sqlite.getRun(tributi, running.id)]),
    );
  });

  it("runs the audit on PostgreSQL to SQLite's findings", async () => {
    const post = pgAuditStore(fresh.pool);
    const pgRun = await post.createRun(null, 'E617', run.years, run.as_of);
    // The rates are the same rows on both engines: SQLite's repository keeps this test on the audit store alone.
    const store = { audit: post, taxRates: sqliteStore(t.db).taxRates };
    const summary = await executeRun(store, pgRun);
    await post.updateRun(pgRun.id, { status: 'done', progress: 1, summary });
    const tally = (s: AuditRun['summary']) => [...s!.tally].sort((x, y) => x.rule - y.rule || x.year - y.year);
    expect(tally(summary)).toEqual(tally(run.summary));
    expect({ ...summary, tally: [], seconds: 0 }).toEqual({ ...run.summary, tally: [], seconds: 0 });

    const found = (await collect(post.iterate(tributi, { comune: 'E617' }))).map(made).sort(byKey);
    expect(found).toEqual(firstFindings);
    const places = `SELECT rule, year, object_key, subject_key, foglio, minx, miny, maxx, maxy FROM audit_findings`;
    const sorted = (rows: object[]) => rows.map((r) => JSON.stringify({ ...r })).sort();
    const placed = (await fresh.pool.query(places)).rows;
    expect(placed.filter((r) => r.minx !== null).length).toBeGreaterThan(50);
    expect(sorted(placed)).toEqual(sorted(t.db.prepare(places).all()));

    const again = await executeRun(store, await post.createRun(null, 'E617', run.years, run.as_of));
    expect(again).toMatchObject({ added: 0, seen_again: found.length, reopened: 0, not_reproduced: 0 });
  });
});
