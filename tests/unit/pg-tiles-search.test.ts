// The PostgreSQL engine's tiles and search against the SQLite engine's, over the same seeded register: the same
// features in the same tiles, the same search results in the same order; and the tile built by PostGIS alone.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLayers } from '../../server/layers/registry.ts';
import { pgTileMvt } from '../../server/store/postgres/mvt.ts';
import { pgSearch } from '../../server/store/postgres/search.ts';
import { pgTileFeatures } from '../../server/store/postgres/tiles.ts';
import { PARCEL_FEATURE_ID_OFFSET } from '../../server/store/shared/finding-tiles.ts';
import { sqliteStore } from '../../server/store/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';
import type { TileFeature } from '../../server/store/tiles.ts';
import { type SeededPostgres, seededPostgres } from '../helpers/pg-seeded.ts';
import { pgUrl } from '../helpers/pg-url.ts';
import { makeTestApp, ROOT, type TestApp } from '../helpers/test-app.ts';
import { tileOf } from '../helpers/tiles.ts';

const admin = pgUrl();
const layers = loadLayers(`${ROOT}/layers`).layers;

type Box = { id: number; minx: number; miny: number; maxx: number; maxy: number };
type Tile = [number, number, number];
const centre = (b: Box): [number, number] => [(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2];

let t: TestApp;
let pg: SeededPostgres;
let sqlite: Store;
let pgTiles: Store['tileFeatures'];
let pgFind: Store['search'];
/** Objects the fixture gives findings to, and where the tiles are taken. */
let building: Box & { unit: number };
let other: Box;
let parcel: Box;
let cesano: Box;
let comune: Box;

/** The same rows in both engines, ids included (SQLite's rowid = PostgreSQL's id). */
async function insertBoth(table: string, rows: Record<string, string | number | null>[]) {
  for (const row of rows) {
    const cols = Object.keys(row);
    const values = Object.values(row);
    // the full-text tables' id is their rowid in SQLite
    const sqliteCols = cols.map((c) => (c === 'id' && /search/.test(table) ? 'rowid' : c));
    t.db
      .prepare(`INSERT INTO ${table} (${sqliteCols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      .run(...values);
    await pg.pool.query(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
  }
}

function finding(id: number, f: { rule: number; year: number; claim: number; state: string; comune?: string }) {
  return (target: { building_id?: number; parcel_id?: number }) => ({
    id,
    comune: f.comune ?? 'E617',
    rule: f.rule,
    year: f.year,
    building_id: target.building_id ?? null,
    parcel_id: target.parcel_id ?? null,
    object_key: target.building_id ? `b${target.building_id}` : `p${target.parcel_id}`,
    subject_key: id,
    claimable_eur: f.claim,
    state: f.state,
    evidence: '{}',
    steps: '[]',
    first_seen_run: 1,
    last_seen_run: 1,
  });
}

beforeAll(async () => {
  t = makeTestApp();
  pg = await seededPostgres(admin!);
  sqlite = sqliteStore(t.db);
  pgTiles = pgTileFeatures(pg.pool);
  pgFind = pgSearch(pg.pool);
  building = t.db
    .prepare(
      `SELECT b.id, min(u.id) AS unit, b.minx, b.miny, b.maxx, b.maxy FROM buildings b JOIN units u
        ON u.building_id = b.id WHERE b.comune = 'E617' GROUP BY b.id ORDER BY b.id LIMIT 1`,
    )
    .get() as typeof building;
  other = t.db
    .prepare("SELECT id, minx, miny, maxx, maxy FROM buildings WHERE comune = 'E617' AND id > ? ORDER BY id LIMIT 1")
    .get(building.id) as Box;
  parcel = t.db
    .prepare(
      `SELECT id, minx, miny, maxx, maxy FROM parcels WHERE comune = 'E617' AND kind = 'particella'
        AND id NOT IN (SELECT parcel_id FROM building_parcels) ORDER BY id LIMIT 1`,
    )
    .get() as Box;
  cesano = t.db
    .prepare("SELECT id, minx, miny, maxx, maxy FROM buildings WHERE comune = 'C566' ORDER BY id LIMIT 1")
    .get() as Box;
  comune = t.db.prepare("SELECT rowid AS id, minx, miny, maxx, maxy FROM comuni WHERE code = 'E617'").get() as Box;

  await insertBoth('audit_runs', [
    { id: 1, comune: 'E617', years: '[2022,2023,2024]', as_of: '2026-12-02', status: 'done', username: 'tributi' },
  ]);
  // Rules out of order by id (group_concat keeps the findings' order), every state, amounts that need rounding.
  await insertBoth('audit_findings', [
    finding(1, { rule: 3, year: 2023, claim: 100.1, state: 'da_verificare' })({ building_id: building.id }),
    finding(2, { rule: 1, year: 2023, claim: 200.25, state: 'in_istruttoria' })({ building_id: building.id }),
    finding(3, { rule: 3, year: 2024, claim: 0.15, state: 'accertato' })({ building_id: building.id }),
    finding(4, { rule: 2, year: 2022, claim: 50, state: 'archiviato' })({ building_id: building.id }),
    finding(5, { rule: 5, year: 2023, claim: 10.005, state: 'archiviato' })({ building_id: other.id }),
    finding(6, { rule: 4, year: 2023, claim: 0, state: 'non_piu_riscontrato' })({ building_id: other.id }),
    finding(7, { rule: 7, year: 2024, claim: 380, state: 'da_verificare' })({ parcel_id: parcel.id }),
    finding(8, { rule: 2, year: 2024, claim: 12.345, state: 'accertato', comune: 'C566' })({ building_id: cesano.id }),
  ]);

  // An accented street, as a comune's stradario has them; and a comune of its own whose labels need ranking
  // (few matches) or too many to rank (the first ones are taken), as tests/api/search.test.ts builds it.
  const street = t.db.prepare("SELECT id FROM streets WHERE comune = 'E617' ORDER BY id LIMIT 1").get() as Box;
  await insertBoth('street_search', [{ id: 1000, label: 'Via Niccolò Tommaseo', ref_id: street.id, comune: 'E617' }]);
  const labels = [
    ...Array.from({ length: 20 }, (_, i) => `Zafferano lunghissima della prova numero ${i}`),
    'Zafferano',
    ...Array.from({ length: 510 }, (_, i) => `Zibibbo lunghissima della prova numero ${i}`),
    'Zibibbo',
  ];
  await insertBoth(
    'search_index',
    labels.map((label, i) => ({ id: 10_000 + i, label, kind: 'address', ref_id: building.id, comune: 'Z999' })),
  );
}, 180_000);

afterAll(async () => {
  t?.close();
  await pg?.close();
});

const byId = (fs: TileFeature[]) => [...fs].sort((a, b) => a.id - b.id);

/** Every layer's tiles at z12, z14 and z16 over the fixture's objects and the comune, with their neighbours. */
function tiles(): Tile[] {
  const points = [building, other, parcel, cesano, comune].map(centre);
  points.push([comune.minx, comune.miny], [comune.maxx, comune.maxy]);
  const all = new Map<string, Tile>();
  for (const z of [12, 14, 16])
    for (const [lon, lat] of points) {
      const [, x, y] = tileOf(lon, lat, z);
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [-1, -1],
      ] as const)
        all.set(`${z}/${x + dx}/${y + dy}`, [z, x + dx, y + dy]);
    }
  return [...all.values()];
}

describe.skipIf(!admin)('PostgreSQL tiles', () => {
  const scopes: (string[] | null)[] = [null, ['E617'], ['C566'], ['E617', 'C566'], []];

  it('gives every layer the same features as SQLite, tile by tile and scope by scope (sorted by id)', async () => {
    const seen: Record<string, number> = {};
    for (const layer of layers)
      for (const [z, x, y] of tiles())
        for (const comuni of scopes) {
          const [want, got] = [
            await sqlite.tileFeatures(layer.source, z, x, y, comuni),
            await pgTiles(layer.source, z, x, y, comuni),
          ];
          const at = `${layer.id} ${z}/${x}/${y} ${JSON.stringify(comuni)}`;
          if ('table' in layer.source && layer.source.table === 'comuni') {
            // SQLite numbers comuni by rowid, PostgreSQL by their code: the rest is the same
            const strip = (fs: TileFeature[]) =>
              fs
                .map(({ id: _, ...f }) => f)
                .sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)));
            expect(strip(got), at).toEqual(strip(want));
          } else expect(byId(got), at).toEqual(byId(want));
          seen[layer.id] = (seen[layer.id] ?? 0) + want.length;
        }
    // nothing compared empty against empty only
    for (const layer of layers) expect(seen[layer.id], layer.id).toBeGreaterThan(0);
  });

  it('aggregates the audit layers as SQLite: sums, counts, rules in the order of the findings', async () => {
    const [z, x, y] = tileOf(...centre(building), 16);
    const source = (id: string) => layers.find((l) => l.id === id)!.source;
    const tax = (await pgTiles(source('tax-recovery'), z, x, y, ['E617'])).find((f) => f.id === building.id);
    expect(tax?.properties).toEqual({ code: expect.any(String), claimable_eur: 300.5, findings: 3, rules: '3,1' });
    const audit = await pgTiles(source('audit-findings'), z, x, y, ['E617']);
    expect(audit.find((f) => f.id === building.id)?.properties).toEqual({
      object: 'edificio',
      building_id: building.id,
      parcel_id: null,
      state: 'in_istruttoria',
      findings: 4,
      claimable_eur: 350.5,
      rules: '3,1,2',
    });
    const [pz, px, py] = tileOf(...centre(parcel), 16);
    const land = (await pgTiles(source('audit-findings'), pz, px, py, ['E617'])).find(
      (f) => f.id === PARCEL_FEATURE_ID_OFFSET + parcel.id,
    );
    expect(land?.properties).toMatchObject({ object: 'particella', parcel_id: parcel.id, rules: '7' });
    // the public map has no audit layers; another comune's user sees none of E617's findings
    expect(await pgTiles(source('audit-findings'), z, x, y, null)).toEqual([]);
    expect(await pgTiles(source('audit-findings'), z, x, y, ['C566'])).toEqual([]);
  });
});

describe.skipIf(!admin)('PostgreSQL tiles built by PostGIS (ST_AsMVT)', () => {
  it('carries the same feature ids and properties as the tiles of Store.tileFeatures', async () => {
    const picked = tiles().filter(([z]) => z === 14 || z === 16);
    let compared = 0;
    for (const layer of layers)
      for (const [z, x, y] of picked) {
        const comuni = ['E617', 'C566'];
        const want = (await pgTiles(layer.source, z, x, y, comuni)).map((f) => ({
          id: f.id,
          properties: Object.fromEntries(Object.entries(f.properties).filter(([, v]) => v !== null)),
        }));
        const tile = await pgTileMvt(pg.pool, layer.source, z, x, y, comuni, layer.id);
        const decoded = new VectorTile(new PbfReader(tile.bytes)).layers[layer.id];
        expect(tile.features).toBe(want.length);
        expect(tile.firstId).toBe(want.length ? Math.min(...want.map((f) => f.id)) : null);
        const got = decoded
          ? Array.from({ length: decoded.length }, (_, i) => decoded.feature(i)).map((f) => ({
              id: f.id,
              properties: f.properties,
            }))
          : [];
        expect(decoded?.extent ?? 4096).toBe(4096);
        expect(got, `${layer.id} ${z}/${x}/${y}`).toEqual(want);
        compared += want.length;
      }
    expect(compared).toBeGreaterThan(100);
  });

  it('is empty where the scope leaves nothing', async () => {
    const [z, x, y] = tileOf(...centre(building), 16);
    const buildings = layers.find((l) => l.id === 'buildings')!.source;
    const empty = { bytes: new Uint8Array(0), features: 0, firstId: null };
    expect(await pgTileMvt(pg.pool, buildings, z, x, y, [], 'buildings')).toEqual(empty);
    expect(await pgTileMvt(pg.pool, buildings, z, x, y, ['C566'], 'buildings')).toEqual(empty);
  });
});

describe.skipIf(!admin)('PostgreSQL search', () => {
  it('answers as SQLite: kinds, labels, boxes and order', async () => {
    const unit = t.db
      .prepare("SELECT foglio, particella FROM units WHERE comune = 'E617' AND subalterno = '2' ORDER BY id LIMIT 1")
      .get() as { foglio: string; particella: string };
    const code = (t.db.prepare('SELECT code FROM buildings WHERE id = ?').get(other.id) as { code: string }).code;
    const queries = [
      'via toscanini',
      'Via Toscanini 3',
      'TOSCANINI',
      'tòscanìni',
      'padre reg',
      'giul 1',
      'corso europa 1',
      'vi',
      'VIA',
      'v',
      'niccolo tommaseo',
      'NICCOLÒ',
      '1/1',
      `${unit.foglio}/${unit.particella}`,
      `fg ${unit.foglio} part ${unit.particella} sub 2`,
      code,
      code.toLowerCase(),
      `E617-${Number(code.slice(5))}`,
      'E617',
      '0',
      '00001',
      'C566',
      'zzzz',
      "'; DROP TABLE buildings; --",
      '%',
      '_',
      '"unterminated',
      '\u0000',
      'a'.repeat(200),
      '🏠 via',
    ];
    let found = 0;
    for (const comuni of [['E617'], ['C566'], ['E617', 'C566'], ['C566', 'E617']])
      for (const q of queries) {
        const want = await sqlite.search(comuni, q);
        expect(await pgFind(comuni, q), `${JSON.stringify(comuni)} ${q}`).toEqual(want);
        found += want.length;
      }
    expect(found).toBeGreaterThan(300);
  });

  it('ranks up to 500 matches as SQLite, and takes the first ones beyond', async () => {
    for (const q of ['zaff', 'zafferano', 'zafferano prova 1', 'zibi', 'ZIBIBBO 12']) {
      const want = await sqlite.search(['Z999'], q);
      expect(await pgFind(['Z999'], q), q).toEqual(want);
    }
    expect((await pgFind(['Z999'], 'zaff'))[0]?.label).toBe('Zafferano');
    expect((await pgFind(['Z999'], 'zibi'))[0]?.label).toBe('Zibibbo lunghissima della prova numero 0');
  });

  it('never searches another comune', async () => {
    const code = (t.db.prepare('SELECT code FROM buildings WHERE id = ?').get(cesano.id) as { code: string }).code;
    expect(await pgFind(['E617'], code)).toEqual([]);
    expect(await pgFind(['C566'], 'toscanini')).toEqual([]);
    expect(await pgFind([], 'via')).toEqual([]);
    expect((await pgFind(['C566'], code)).map((r) => r.building_id)).toEqual([cesano.id]);
  });
});
