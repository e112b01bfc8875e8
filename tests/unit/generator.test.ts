import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { area, booleanWithin, featureCollection, intersect, polygon } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IMU_DELIBERE, DEMO_TARI_TARIFFS, DEMO_YEARS, demoBuildingLandValue } from '../../fixtures/rates.ts';
import { TERRITORIES } from '../../fixtures/territory.ts';
import { type Db, openDatabase } from '../../server/db/open.ts';
import { isValidCodiceFiscale } from '../../server/domain/codice-fiscale/codice-fiscale.ts';
import { validateAreaGeometry } from '../../server/domain/geometry/validate.ts';
import { computeImu, computeTari, type ImuCase, type ImuFlags } from '../../server/domain/tax/index.ts';
import { seedComune } from '../../server/seed/demo.ts';

let dir: string;
let db: Db;
const all = <T>(sql: string, ...p: (string | number)[]) => db.prepare(sql).all(...p) as T[];
const one = <T>(sql: string, ...p: (string | number)[]) => db.prepare(sql).get(...p) as T;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edigit-gen-'));
  db = openDatabase(join(dir, 'gen.db'));
  seedComune(db, { comune: 'E617', parcels: 1500, seed: 'gen', anomalyRate: 0.03 });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const clip = (from: string, to: string | null, year: number) => {
  const a = from > `${year}-01-01` ? from : `${year}-01-01`,
    b = to === null || to > `${year}-12-31` ? `${year}-12-31` : to;
  return a <= b ? { from: a, to: b } : null;
};
const isDwelling = (c: string) => c.startsWith('A/') && c !== 'A/10';

/**
 * A reference IMU audit from the facts alone (rights, cadastral history at 1 January, residence, zoning):
 * each taxpayer right row and year is an engine case, compared with the declaration and the payments.
 * Returns the keys (rule:object:subject:year) where they differ, for comparison with the truth; anything
 * unexplained comes back as rule "x".
 */
function imuFromFacts(): { checked: number; found: string[] } {
  const delibere = DEMO_IMU_DELIBERE.filter((d) => d.comune === 'E617');
  type Row = {
    subject_id: number;
    unit_id: number | null;
    parcel_id: number | null;
    right: string;
    share_num: number;
    share_den: number;
    valid_from: string;
    valid_to: string | null;
  };
  const rights = all<
    Row & { public_owner: string | null }
  >(`SELECT r.*, b.public_owner FROM rights r LEFT JOIN units u ON u.id = r.unit_id
    LEFT JOIN buildings b ON b.id = u.building_id WHERE r.right <> 'nuda_proprieta'`);
  const history = new Map<
    number,
    { valid_from: string; valid_to: string | null; categoria: string; rendita: number }[]
  >();
  for (const h of all<{
    unit_id: number;
    valid_from: string;
    valid_to: string | null;
    categoria: string;
    rendita: number;
  }>('SELECT * FROM unit_cadastral_history ORDER BY valid_from')) {
    history.set(h.unit_id, [...(history.get(h.unit_id) ?? []), h]);
  }
  const at1Jan = (unit: number, year: number) =>
    history.get(unit)!.find((h) => h.valid_from <= `${year}-01-01` && (h.valid_to ?? '9999') >= `${year}-01-01`)!;
  const buildingOf = new Map(
    all<{ id: number; building_id: number }>('SELECT id, building_id FROM units').map((u) => [u.id, u.building_id]),
  );
  const stays = all<{ unit_id: number; subject_id: number; since: string; until: string | null }>(
    'SELECT unit_id, subject_id, since, until FROM residents',
  );
  const staysOf = new Map<number, typeof stays>();
  for (const s of stays) staysOf.set(s.subject_id, [...(staysOf.get(s.subject_id) ?? []), s]);
  const parcels = new Map(
    all<{
      id: number;
      superficie: number;
      rd: number;
      zone: string;
      buildable: number;
    }>(`SELECT p.id, p.superficie, p.reddito_dominicale rd, o.code zone, o.buildable
    FROM parcels p JOIN overlays o ON o.kind = 'zoning'
      AND o.minx <= p.minx AND o.maxx >= p.maxx AND o.miny <= p.miny AND o.maxy >= p.maxy
    WHERE p.id IN (SELECT parcel_id FROM rights)`).map((p) => [p.id, p]),
  );
  const positions = new Map(
    all<{
      id: number;
      unit_id: number | null;
      parcel_id: number | null;
      subject_id: number;
      year: number;
      from_date: string;
      kind: string;
      main_home: number;
      due: number;
      months: number;
      paid: number;
    }>(
      `SELECT p.*, (SELECT total(amount) FROM imu_payments m WHERE m.position_id = p.id) paid FROM imu_positions p`,
    ).map((p) => [`${p.unit_id ?? `p${p.parcel_id}`}:${p.subject_id}:${p.year}:${p.from_date}`, p]),
  );
  const found: string[] = [];
  let checked = 0;
  for (const r of rights) {
    if (r.public_owner) continue; // c. 759: the comune's own property
    for (const year of DEMO_YEARS) {
      const period = clip(r.valid_from, r.valid_to, year);
      if (!period) continue;
      const object = r.unit_id ?? `p${r.parcel_id}`;
      let c: ImuCase;
      if (r.unit_id !== null) {
        const v = at1Jan(r.unit_id, year);
        const mine = (staysOf.get(r.subject_id) ?? []).filter(
          (s) => s.since <= period.to && (s.until ?? '9999') >= period.from,
        );
        for (const s of mine)
          expect(
            s.since <= period.from && (s.until ?? '9999') >= period.to,
            'residence covers the whole holding or none of it',
          ).toBe(true);
        const flags: ImuFlags = {};
        if (isDwelling(v.categoria)) flags.main_home = mine.some((s) => s.unit_id === r.unit_id);
        else if (v.categoria === 'C/2' || v.categoria === 'C/6') {
          const home = mine.find(
            (s) => s.unit_id !== r.unit_id && buildingOf.get(s.unit_id) === buildingOf.get(r.unit_id!),
          );
          if (home)
            Object.assign(flags, {
              main_home_pertinenza: true,
              pertinenza_rank: 1,
              main_home_categoria: at1Jan(home.unit_id, year).categoria,
            });
        }
        c = {
          year,
          object: { kind: 'fabbricato', categoria: v.categoria, rendita: v.rendita },
          share: r.share_num / r.share_den,
          period,
          flags,
        };
      } else {
        const p = parcels.get(r.parcel_id!)!;
        const value = p.buildable
          ? Math.round(demoBuildingLandValue('E617', p.zone, year)! * p.superficie * 100) / 100
          : null;
        c = {
          year,
          share: r.share_num / r.share_den,
          period,
          flags: {},
          object:
            value === null
              ? { kind: 'terreno_agricolo', reddito_dominicale: p.rd }
              : { kind: 'area_fabbricabile', valore_venale: value },
        };
      }
      const res = computeImu(c, { delibere });
      const pos = positions.get(`${object}:${r.subject_id}:${year}:${period.from}`);
      positions.delete(`${object}:${r.subject_id}:${year}:${period.from}`);
      checked++;
      const key = (rule: number | string) => `${rule}:${object}:${r.subject_id}:${year}`;
      if (res.months === 0) {
        if (pos) found.push(key('x'));
        continue;
      }
      if (!pos) {
        if (res.tax > 0) found.push(key(1));
        else found.push(key('x'));
        continue;
      }
      if (pos.months !== res.months) found.push(key('x'));
      else if (pos.due !== res.tax) {
        if (pos.main_home === 1 && !c.flags.main_home) found.push(key(5));
        else if (pos.kind === 'terreno_agricolo' && c.object.kind === 'area_fabbricabile') found.push(key(7));
        else found.push(key('x'));
        if (Math.round(pos.paid * 100) !== Math.round(pos.due * 100)) found.push(key('x'));
      } else if (Math.round(pos.paid * 100) < Math.round(pos.due * 100)) found.push(key(2));
      else if (Math.round(pos.paid * 100) !== Math.round(pos.due * 100)) found.push(key('x'));
    }
  }
  for (const k of positions.keys()) found.push(`extra:${k}`);
  return { checked, found };
}

describe('demo comune generator', () => {
  it('makes exactly the parcels asked for, all valid geometries, on the real territory of Lissone', () => {
    expect(one<{ n: number }>('SELECT count(*) n FROM parcels').n).toBe(1500);
    for (const p of all<{ geom: string }>('SELECT geom FROM parcels'))
      expect(validateAreaGeometry(JSON.parse(p.geom)).ok).toBe(true);
    // The first blocks lie inside the real boundary.
    const boundary = polygon([TERRITORIES.E617!.boundary]);
    const first = all<{ geom: string }>('SELECT geom FROM parcels ORDER BY id LIMIT 50');
    for (const p of first) expect(booleanWithin(JSON.parse(p.geom), boundary)).toBe(true);
  });

  it('tiles blocks with parcels that never overlap', () => {
    const parcels = all<{ id: number; geom: string; minx: number; miny: number; maxx: number; maxy: number }>(
      'SELECT id, geom, minx, miny, maxx, maxy FROM parcels',
    );
    const near = db.prepare(
      'SELECT id FROM parcels_rtree WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ? AND id > ?',
    );
    const geoms = new Map(parcels.map((p) => [p.id, JSON.parse(p.geom)]));
    let pairs = 0;
    for (const p of parcels) {
      for (const { id } of near.all(p.maxx, p.minx, p.maxy, p.miny, p.id) as { id: number }[]) {
        const x = intersect(
          featureCollection([polygon(geoms.get(p.id).coordinates), polygon(geoms.get(id).coordinates)]),
        );
        pairs++;
        expect(x ? area(x) : 0, `parcels ${p.id} and ${id} overlap`).toBeLessThan(0.05);
      }
    }
    expect(pairs).toBeGreaterThan(1000);
  });

  it('puts each building footprint inside its parcel', () => {
    const rows = all<{ b: string; p: string }>(
      `SELECT b.geom b, p.geom p FROM buildings b
        JOIN building_parcels bp ON bp.building_id = b.id JOIN parcels p ON p.id = bp.parcel_id`,
    );
    expect(rows.length).toBeGreaterThan(500);
    for (const r of rows) expect(booleanWithin(JSON.parse(r.b), JSON.parse(r.p))).toBe(true);
    // courtyards kept as holes
    expect(one<{ n: number }>("SELECT count(*) n FROM buildings WHERE geom LIKE '%]],[[%'").n).toBeGreaterThan(0);
  });

  it('gives owners valid codici fiscali, and shares that sum to 1 for each unit at any date', () => {
    for (const s of all<{ codice_fiscale: string; birth_date: string | null }>(
      'SELECT codice_fiscale, birth_date FROM subjects',
    )) {
      expect(isValidCodiceFiscale(s.codice_fiscale), s.codice_fiscale).toBe(true);
      if (!s.birth_date) expect(s.codice_fiscale).toMatch(/^\d{11}$/);
    }
    // At every date a right starts or ends: owners (proprietà + nuda proprietà) and taxpayers (all but the
    // nuda proprietà) each hold shares summing to exactly 1.
    const bad = all(`WITH days AS (SELECT unit_id, valid_from day FROM rights
          WHERE unit_id IS NOT NULL AND valid_from >= '2021-01-01'
        UNION SELECT unit_id, date(valid_to, '+1 day') FROM rights WHERE unit_id IS NOT NULL AND valid_to IS NOT NULL
        UNION SELECT id, '2021-01-01' FROM units)
      SELECT d.unit_id, d.day,
        total(CASE WHEN r.right <> 'usufrutto' THEN CAST(r.share_num AS REAL) / r.share_den END) owners,
        total(CASE WHEN r.right <> 'nuda_proprieta' THEN CAST(r.share_num AS REAL) / r.share_den END) taxpayers
      FROM days d LEFT JOIN rights r ON r.unit_id = d.unit_id
        AND r.valid_from <= d.day AND (r.valid_to IS NULL OR r.valid_to >= d.day)
      GROUP BY d.unit_id, d.day HAVING abs(owners - 1) > 1e-9 OR abs(taxpayers - 1) > 1e-9`);
    expect(bad).toEqual([]);
    // Sales, inheritances, donations and usufrutto pairs are all there.
    const deeds = new Map(
      all<{ k: string; n: number }>(
        "SELECT substr(deed, 1, instr(deed, ' ') - 1) k, count(*) n FROM rights GROUP BY k",
      ).map((r) => [r.k, r.n]),
    );
    for (const k of ['compravendita', 'successione', 'donazione']) expect(deeds.get(k) ?? 0, k).toBeGreaterThan(0);
    expect(one<{ n: number }>("SELECT count(*) n FROM rights WHERE right = 'nuda_proprieta'").n).toBeGreaterThan(0);
    // Mid-year deeds on the month rule's edges.
    expect(
      one<{ n: number }>(
        "SELECT count(*) n FROM rights WHERE valid_from > '2021-01-01' AND substr(valid_from, 9) IN ('15', '16', '17')",
      ).n,
    ).toBeGreaterThan(0);
  });

  it("never lets a subject hold two overlapping rights on the same object; a transfer day is the buyer's", () => {
    expect(
      all(`SELECT a.id, b.id FROM rights a JOIN rights b ON b.subject_id = a.subject_id AND b.id > a.id
      AND coalesce(b.unit_id, -b.parcel_id) = coalesce(a.unit_id, -a.parcel_id)
      AND a.valid_from <= coalesce(b.valid_to, '9999-12-31') AND b.valid_from <= coalesce(a.valid_to, '9999-12-31')`),
    ).toEqual([]);
    // Every right ended in the period is followed the next day by the rights that took its place.
    expect(
      all(`SELECT a.id FROM rights a WHERE a.valid_to IS NOT NULL AND a.unit_id IS NOT NULL AND NOT EXISTS
      (SELECT 1 FROM rights b WHERE b.unit_id = a.unit_id AND b.valid_from = date(a.valid_to, '+1 day'))`),
    ).toEqual([]);
  });

  it('keeps the cadastral history contiguous, with revisions that apply from 1 January after them', () => {
    expect(
      one<{ n: number }>(
        `SELECT count(*) n FROM units u
          WHERE NOT EXISTS (SELECT 1 FROM unit_cadastral_history h WHERE h.unit_id = u.id AND h.valid_to IS NULL)`,
      ).n,
    ).toBe(0);
    expect(
      all(`SELECT a.id FROM unit_cadastral_history a WHERE a.valid_to IS NOT NULL AND NOT EXISTS
      (SELECT 1 FROM unit_cadastral_history b
        WHERE b.unit_id = a.unit_id AND b.valid_from = date(a.valid_to, '+1 day'))`),
    ).toEqual([]);
    expect(
      one<{ n: number }>("SELECT count(*) n FROM unit_cadastral_history WHERE valid_from > '2021-01-01'").n,
    ).toBeGreaterThan(0);
    expect(
      all(`SELECT u.id FROM units u JOIN unit_cadastral_history h ON h.unit_id = u.id AND h.valid_to IS NULL
      WHERE h.rendita IS NOT u.rendita OR h.categoria <> u.categoria`),
    ).toEqual([]);
  });

  it('records every anomaly (rules 1–5 and 7) in each tax year 2021–2026, rule 6 without a year', () => {
    const got = all<{ rule: number; year: number | null }>(
      'SELECT DISTINCT rule, year FROM anomaly_truth ORDER BY rule, year',
    );
    const want = [1, 2, 3, 4, 5, 7].flatMap((rule) => DEMO_YEARS.map((year) => ({ rule, year })));
    expect(got.filter((r) => r.rule !== 6)).toEqual(want);
    expect(got.filter((r) => r.rule === 6)).toEqual([{ rule: 6, year: null }]);
    expect(one<{ n: number }>('SELECT count(*) n FROM anomaly_truth WHERE rule <> 6 AND subject_id IS NULL').n).toBe(0);
    // 6: buildings with no units — exactly the truth.
    const empty = all<{ id: number }>(
      'SELECT b.id FROM buildings b WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.building_id = b.id)',
    ).map((r) => r.id);
    expect(empty).toEqual(
      all<{ building_id: number }>('SELECT building_id FROM anomaly_truth WHERE rule = 6 ORDER BY building_id').map(
        (r) => r.building_id,
      ),
    );
  });

  it(
    'declares and pays exactly what the engine computes from the facts; ' +
      'only the truth differs (IMU, rules 1, 2, 5, 7)',
    () => {
      const mismatches = imuFromFacts();
      expect(mismatches.checked).toBeGreaterThan(20_000);
      const truth = (rules: number[]) =>
        all<{
          k: string;
        }>(`SELECT rule || ':' || coalesce(unit_id, 'p' || parcel_id) || ':' || subject_id || ':' || year k
      FROM anomaly_truth WHERE rule IN (${rules.join(',')}) ORDER BY k`).map((r) => r.k);
      expect(mismatches.found.sort()).toEqual(truth([1, 2, 5, 7]));
    },
  );

  it(
    'files TARI for every occupied unit at 80% or more of the superficie catastale, paid to the cent; ' +
      'only the truth differs (rules 3, 4)',
    () => {
      const found: string[] = [];
      const positions = all<{
        id: number;
        unit_id: number;
        year: number;
        subject_id: number;
        kind: 'domestica' | 'non_domestica';
        surface: number;
        occupants: number | null;
        category_code: number | null;
        from_date: string;
        to_date: string;
        sup: number;
      }>(`SELECT t.*, u.superficie_escluse_scoperte sup
      FROM tari_positions t JOIN units u ON u.id = t.unit_id ORDER BY t.id`);
      const paid = new Map(
        all<{ k: string; amount: number }>(
          "SELECT subject_id || ':' || tax_year k, total(amount) amount FROM tari_payments GROUP BY k",
        ).map((r) => [r.k, r.amount]),
      );
      const due = new Map<string, number>();
      const low = new Set<string>();
      for (const p of positions) {
        if (p.surface < 0.8 * p.sup) low.add(`3:${p.unit_id}:${p.year}`);
        const res = computeTari(
          {
            year: p.year,
            kind: p.kind,
            surface_m2: p.surface,
            from: p.from_date,
            to: p.to_date,
            ...(p.kind === 'domestica' ? { occupants: p.occupants! } : { category: p.category_code! }),
          },
          { tariffs: DEMO_TARI_TARIFFS },
        );
        const k = `${p.subject_id}:${p.year}`;
        due.set(k, Math.round(((due.get(k) ?? 0) + res.total) * 100) / 100);
      }
      for (const [k, d] of due) expect(paid.get(k), k).toBeCloseTo(d, 2);
      found.push(...low);
      // Residents in the year and no TARI position for the unit that year.
      for (const r of all<{
        unit_id: number;
        year: number;
      }>(`SELECT DISTINCT r.unit_id, y.year FROM residents r
      JOIN (${DEMO_YEARS.map((y) => `SELECT ${y} year`).join(' UNION ')}) y
      ON r.since <= y.year || '-12-31' AND (r.until IS NULL OR r.until >= y.year || '-01-01')
      WHERE NOT EXISTS (SELECT 1 FROM tari_positions t WHERE t.unit_id = r.unit_id AND t.year = y.year)`))
        found.push(`4:${r.unit_id}:${r.year}`);
      const truth = all<{ k: string }>(
        "SELECT rule || ':' || unit_id || ':' || year k FROM anomaly_truth WHERE rule IN (3, 4)",
      ).map((r) => r.k);
      expect(found.sort()).toEqual(truth.sort());
    },
  );

  it('is deterministic for a seed and different for another', () => {
    // Content only: `updated_at` is the time of writing.
    const fingerprint = (d: Db) =>
      [
        'parcels',
        'buildings',
        'units',
        'subjects',
        'rights',
        'residents',
        'unit_cadastral_history',
        'imu_positions',
        'imu_payments',
        'tari_positions',
        'tari_payments',
        'anomaly_truth',
      ].map(
        (t) =>
          `${t}:${createHash('sha256')
            .update(
              JSON.stringify(
                d
                  .prepare(`SELECT * FROM ${t} ORDER BY id`)
                  .all()
                  .map((r) => ({ ...r, updated_at: null })),
              ),
            )
            .digest('hex')}`,
      );
    const make = (seed: string) => {
      const d = openDatabase(join(dir, `${seed}-${Math.random()}.db`));
      seedComune(d, { comune: 'E617', parcels: 300, seed, anomalyRate: 0.03 });
      return d;
    };
    const [first, again, other] = [make('gen'), make('gen'), make('other')];
    expect(fingerprint(again)).toEqual(fingerprint(first));
    expect(fingerprint(other)).not.toEqual(fingerprint(first));
    for (const d of [first, again, other]) d.close();
  });

  it('refuses to generate a comune twice (all or nothing)', () => {
    expect(() => seedComune(db, { comune: 'E617', parcels: 100, seed: 1 })).toThrow(/già presente/);
    expect(one<{ n: number }>('SELECT count(*) n FROM parcels').n).toBe(1500);
  });
});
