// The PostgreSQL building store against the SQLite one over the same seed: same rows, same order, same errors,
// same history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etagOf } from '../../server/buildings/dossier.ts';
import type { AreaGeometry, Position } from '../../server/domain/geometry/types.ts';
import type { User } from '../../server/domain/users/user.ts';
import type { DomainError } from '../../server/errors/domain-error.ts';
import type { BuildingChanges, BuildingRow, BuildingStore } from '../../server/store/buildings.ts';
import { pgBuildings } from '../../server/store/postgres/buildings.ts';
import { loadUser } from '../../server/store/sqlite/users.ts';
import { sqliteStore } from '../../server/store/sqlite-store.ts';
import { type SeededPostgres, seededPostgres } from '../helpers/pg-seeded.ts';
import { pgUrl } from '../helpers/pg-url.ts';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';

/** What a rejection carries to the client: kind, code, message and details. */
async function refusal(p: Promise<unknown>) {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as DomainError | null;
  if (!e) throw new Error('expected a rejection');
  return { name: e.constructor.name, kind: e.kind, code: e.code, message: e.message, details: e.details };
}

const withoutTime = ({ updated_at: _u, ...row }: BuildingRow) => row;

describe.skipIf(!pgUrl())('PostgreSQL building store, compared with SQLite', () => {
  let t: TestApp;
  let pg: SeededPostgres;
  let sqlite: BuildingStore;
  let postgres: BuildingStore;
  let admin: User;
  let urbanista: User;
  let ids: { id: number; comune: string }[];

  beforeAll(async () => {
    t = makeTestApp();
    pg = await seededPostgres(pgUrl()!);
    sqlite = sqliteStore(t.db).buildings;
    postgres = pgBuildings(pg.pool);
    const userId = (name: string) =>
      (t.db.prepare('SELECT id FROM users WHERE username = ?').get(name) as { id: number }).id;
    admin = loadUser(t.db, userId('admin'))!;
    urbanista = loadUser(t.db, userId('urbanista'))!;
    ids = t.db.prepare('SELECT id, comune FROM buildings ORDER BY id').all() as { id: number; comune: string }[];
  }, 120_000);
  afterAll(async () => {
    t?.close();
    await pg?.close();
  });

  /** The same call on both engines, both fulfilled or both rejected the same way. */
  async function both<T>(call: (s: BuildingStore) => Promise<T>) {
    const [a, b] = await Promise.allSettled([call(sqlite), call(postgres)]);
    return { sqlite: a, postgres: b };
  }

  it('gives every building the same records, ETag and bounding box', async () => {
    expect(ids.length).toBeGreaterThan(100);
    const seen = { overlays: 0, units: 0, residents: 0, owners: 0, energy: 0, permits: 0, events: 0, parcels: 0 };
    for (const { id } of ids) {
      const [s, p] = [await sqlite.records(admin, id), await postgres.records(admin, id)];
      // each engine's seed ran at its own time: updated_at is the one column that differs
      expect({ ...p, building: withoutTime(p.building) }).toEqual({ ...s, building: withoutTime(s.building) });
      // toEqual ignores undefined-valued keys; the JSON the API sends must match byte for byte too
      expect(JSON.stringify(withoutTime(p.building))).toBe(JSON.stringify(withoutTime(s.building)));
      expect(await postgres.etag(admin, id)).toBe(await sqlite.etag(admin, id));
      expect(await postgres.bbox(admin, id)).toEqual(await sqlite.bbox(admin, id));
      seen.overlays += Math.sign(s.overlays.length);
      seen.units += Math.sign(s.units.length);
      seen.residents += Math.sign(s.units.filter((u) => u.residents_count > 0).length);
      seen.owners += Math.sign(s.units.filter((u) => u.owners_count > 0).length);
      seen.energy += Math.sign(s.energy.length);
      seen.permits += Math.sign(s.permits.length);
      seen.events += Math.sign(s.events.length);
      seen.parcels += Math.sign(s.parcels.length);
    }
    // the comparison means something only if the seed fills every section somewhere
    for (const [section, buildings] of Object.entries(seen)) expect([section, buildings > 0]).toEqual([section, true]);
  }, 120_000);

  it('answers 404 alike for a missing building and for one outside the user’s comuni', async () => {
    const elsewhere = ids.find((b) => b.comune === 'C566')!.id;
    for (const [user, id] of [
      [admin, 9_999_999],
      [urbanista, elsewhere],
    ] as const) {
      const s = await refusal(sqlite.records(user, id));
      expect(s).toEqual({
        name: 'DomainError',
        kind: 'not_found',
        code: 'not_found',
        message: `Edificio ${id} non trovato`,
        details: null,
      });
      for (const call of [
        (st: BuildingStore) => st.records(user, id),
        (st: BuildingStore) => st.etag(user, id),
        (st: BuildingStore) => st.bbox(user, id),
        (st: BuildingStore) => st.history(user, id),
        (st: BuildingStore) => st.update(user, id, '"b1-v1"', { note: 'x' }),
      ]) {
        expect(await refusal(call(postgres))).toEqual(s);
      }
    }
  });

  it('writes an edit alike: the row, a new version and the same history entry', async () => {
    const id = ids.find((b) => b.comune === 'E617')!.id;
    const etag = await sqlite.etag(urbanista, id);
    const before = await sqlite.records(urbanista, id);
    const changes: BuildingChanges = { floors_above: (before.building.floors_above ?? 0) + 2, note: 'sopralluogo' };
    const { sqlite: s, postgres: p } = await both((st) => st.update(urbanista, id, etag, changes));
    if (s.status !== 'fulfilled' || p.status !== 'fulfilled') throw new Error('the edit failed');
    expect(withoutTime(p.value)).toEqual(withoutTime(s.value));
    expect(p.value.version).toBe(before.building.version + 1);
    expect(p.value.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(p.value.updated_at > before.building.updated_at).toBe(true);

    const [sh, ph] = [await sqlite.history(urbanista, id), await postgres.history(urbanista, id)];
    const noTime = (h: typeof sh) => h.map(({ at: _a, ...e }) => e);
    expect(noTime(ph)).toEqual(noTime(sh));
    expect(noTime(ph)[0]).toEqual({
      id: sh[0]!.id,
      username: 'urbanista',
      before: { floors_above: before.building.floors_above, note: before.building.note },
      after: changes,
    });
    expect(ph[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    // an edit that changes nothing makes no version and no history
    const again = await both((st) => st.update(urbanista, id, etagOf(p.value), { note: 'sopralluogo' }));
    if (again.sqlite.status !== 'fulfilled' || again.postgres.status !== 'fulfilled') throw new Error('refused');
    expect(again.postgres.value).toEqual(p.value);
    expect(again.sqlite.value).toEqual(s.value);
    expect((await postgres.history(urbanista, id)).length).toBe(sh.length);
  });

  it('refuses a stale ETag alike', async () => {
    const id = ids.find((b) => b.comune === 'E617')!.id;
    const current = await sqlite.etag(urbanista, id);
    const s = await refusal(sqlite.update(urbanista, id, '"b0-v0"', { note: 'tardi' }));
    expect(s).toMatchObject({ kind: 'stale_version', code: 'stale_version', details: { current_etag: current } });
    expect(await refusal(postgres.update(urbanista, id, '"b0-v0"', { note: 'tardi' }))).toEqual(s);
    expect(await postgres.etag(urbanista, id)).toBe(current);
  });

  it('moves a footprint alike, and refuses one that overlaps a neighbour with the same problems', async () => {
    const rows = t.db
      .prepare("SELECT id, geom FROM buildings WHERE comune = 'E617' AND status <> 'demolito' ORDER BY id")
      .all() as { id: number; geom: string }[];
    const [a, b] = [rows[1]!, rows[2]!];
    const shrink = (g: AreaGeometry, k: number, [cx, cy]: Position): AreaGeometry => {
      const ring = (r: Position[]) => r.map(([x, y]): Position => [cx + (x - cx) * k, cy + (y - cy) * k]);
      return g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
        : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
    };
    const centre = (bb: { minx: number; miny: number; maxx: number; maxy: number }): Position => [
      (bb.minx + bb.maxx) / 2,
      (bb.miny + bb.maxy) / 2,
    ];

    // a smaller footprint inside the old one: accepted, stored and recorded exactly as sent
    const small = shrink(JSON.parse(a.geom), 0.8, centre(await sqlite.bbox(urbanista, a.id)));
    const etagA = await sqlite.etag(urbanista, a.id);
    const moved = await both((st) => st.update(urbanista, a.id, etagA, { footprint: small }));
    if (moved.sqlite.status !== 'fulfilled' || moved.postgres.status !== 'fulfilled') throw new Error('refused');
    expect(withoutTime(moved.postgres.value)).toEqual(withoutTime(moved.sqlite.value));
    expect(JSON.parse(moved.postgres.value.geom)).toEqual(small);
    expect(await postgres.bbox(urbanista, a.id)).toEqual(await sqlite.bbox(urbanista, a.id));
    const noTime = (h: Awaited<ReturnType<BuildingStore['history']>>) => h.map(({ at: _a, ...e }) => e);
    expect(noTime(await postgres.history(urbanista, a.id))).toEqual(noTime(await sqlite.history(urbanista, a.id)));
    expect((await postgres.records(urbanista, a.id)).overlays).toEqual(
      (await sqlite.records(urbanista, a.id)).overlays,
    );

    // most of the neighbour's footprint, as a's: refused on both with the same overlap problems
    const overB = shrink(JSON.parse(b.geom), 0.9, centre(await sqlite.bbox(urbanista, b.id)));
    const etag = etagOf(moved.sqlite.value);
    const s = await refusal(sqlite.update(urbanista, a.id, etag, { footprint: overB }));
    expect(s.kind).toBe('invalid');
    expect(s.code).toBe('validation_failed');
    expect((s.details as { reason: string; building: { id: number } }[]).map((d) => [d.reason, d.building.id])).toEqual(
      [['overlap', b.id]],
    );
    expect(await refusal(postgres.update(urbanista, a.id, etag, { footprint: overB }))).toEqual(s);

    // an invalid footprint: the same reason
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [9.24, 45.62],
          [9.241, 45.621],
          [9.241, 45.62],
          [9.24, 45.621],
          [9.24, 45.62],
        ],
      ],
    };
    const sv = await refusal(sqlite.update(urbanista, a.id, etag, { footprint: bowtie }));
    expect(sv.message).toBe('Geometria non valida');
    expect(await refusal(postgres.update(urbanista, a.id, etag, { footprint: bowtie }))).toEqual(sv);
    expect(await postgres.etag(urbanista, a.id)).toBe(etag);
  });

  it('lets one of two concurrent edits with the same ETag through and refuses the other as stale', async () => {
    const id = ids.find((b) => b.comune === 'E617')!.id;
    const etag = await postgres.etag(urbanista, id);
    const results = await Promise.allSettled([
      postgres.update(urbanista, id, etag, { note: 'primo' }),
      postgres.update(urbanista, id, etag, { note: 'secondo' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected')!;
    expect(await refusal(Promise.reject(lost.reason))).toMatchObject({ kind: 'stale_version' });
    const history = await postgres.history(urbanista, id);
    expect(history[0]!.after).toEqual({
      note: (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<BuildingRow>).value.note,
    });
  });
});
