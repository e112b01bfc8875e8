import { createHash } from 'node:crypto';
import { area, booleanWithin, intersect, featureCollection, polygon } from '@turf/turf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/open.ts';
import { isValidCodiceFiscale } from '../../server/domain/codice-fiscale/codice-fiscale.ts';
import { validateAreaGeometry } from '../../server/domain/geometry/validate.ts';
import { isMainHomeExempt } from '../../server/domain/tax/imu.ts';
import { seedComune } from '../../server/seed/demo.ts';
import { TERRITORIES } from '../../fixtures/territory.ts';

let dir: string;
let db: Db;
const all = <T>(sql: string, ...p: (string | number)[]) => db.prepare(sql).all(...p) as T[];
const one = <T>(sql: string, ...p: (string | number)[]) => db.prepare(sql).get(...p) as T;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edigit-gen-'));
  db = openDatabase(join(dir, 'gen.db'));
  seedComune(db, { comune: 'E617', parcels: 1500, seed: 'gen', anomalyRate: 0.03 });
});
afterAll(() => { db.close(); rmSync(dir, { recursive: true, force: true }); });

describe('demo comune generator', () => {
  it('makes exactly the parcels asked for, all valid geometries, on the real territory of Lissone', () => {
    expect(one<{ n: number }>('SELECT count(*) n FROM parcels').n).toBe(1500);
    for (const p of all<{ geom: string }>('SELECT geom FROM parcels')) expect(validateAreaGeometry(JSON.parse(p.geom)).ok).toBe(true);
    // The first blocks lie inside the real boundary.
    const boundary = polygon([TERRITORIES.E617!.boundary]);
    const first = all<{ geom: string }>('SELECT geom FROM parcels ORDER BY id LIMIT 50');
    for (const p of first) expect(booleanWithin(JSON.parse(p.geom), boundary)).toBe(true);
  });

  it('tiles blocks with parcels that never overlap', () => {
    const parcels = all<{ id: number; geom: string; minx: number; miny: number; maxx: number; maxy: number }>('SELECT id, geom, minx, miny, maxx, maxy FROM parcels');
    const near = db.prepare('SELECT id FROM parcels_rtree WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ? AND id > ?');
    const geoms = new Map(parcels.map((p) => [p.id, JSON.parse(p.geom)]));
    let pairs = 0;
    for (const p of parcels) {
      for (const { id } of near.all(p.maxx, p.minx, p.maxy, p.miny, p.id) as { id: number }[]) {
        const x = intersect(featureCollection([polygon(geoms.get(p.id).coordinates), polygon(geoms.get(id).coordinates)]));
        pairs++;
        expect(x ? area(x) : 0, `parcels ${p.id} and ${id} overlap`).toBeLessThan(0.05);
      }
    }
    expect(pairs).toBeGreaterThan(1000);
  });

  it('puts each building footprint inside its parcel', () => {
    const rows = all<{ b: string; p: string }>('SELECT b.geom b, p.geom p FROM buildings b JOIN building_parcels bp ON bp.building_id = b.id JOIN parcels p ON p.id = bp.parcel_id');
    expect(rows.length).toBeGreaterThan(500);
    for (const r of rows) expect(booleanWithin(JSON.parse(r.b), JSON.parse(r.p))).toBe(true);
    expect(one<{ n: number }>("SELECT count(*) n FROM buildings WHERE geom LIKE '%]],[[%'").n).toBeGreaterThan(0); // courtyards kept as holes
  });

  it('gives owners valid codici fiscali and shares that sum to 1', () => {
    for (const s of all<{ codice_fiscale: string; birth_date: string | null }>('SELECT codice_fiscale, birth_date FROM subjects')) {
      expect(isValidCodiceFiscale(s.codice_fiscale), s.codice_fiscale).toBe(true);
      if (!s.birth_date) expect(s.codice_fiscale).toMatch(/^\d{11}$/);
    }
    const bad = all('SELECT unit_id, sum(CAST(share_num AS REAL) / share_den) s FROM ownership WHERE unit_id IS NOT NULL GROUP BY unit_id HAVING abs(s - 1) > 1e-9');
    expect(bad).toEqual([]);
    expect(one<{ n: number }>('SELECT count(*) n FROM units u WHERE NOT EXISTS (SELECT 1 FROM ownership o WHERE o.unit_id = u.id)').n).toBe(0);
  });

  it('injects every audit anomaly (rules 1–7) and records the ground truth consistently', () => {
    const counts = new Map(all<{ rule: number; n: number }>('SELECT rule, count(*) n FROM anomaly_truth GROUP BY rule').map((r) => [r.rule, r.n]));
    for (let rule = 1; rule <= 7; rule++) expect(counts.get(rule) ?? 0, `rule ${rule}`).toBeGreaterThan(0);
    // 1: no IMU position; and every non-exempt private unit without one is in the truth table.
    const noImu = all<{ id: number }>(`SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.public_owner IS NULL
      AND NOT EXISTS (SELECT 1 FROM imu_positions p WHERE p.unit_id = u.id)`).map((r) => r.id).sort();
    expect(noImu).toEqual(all<{ unit_id: number }>('SELECT unit_id FROM anomaly_truth WHERE rule = 1').map((r) => r.unit_id).sort());
    // 2: paid less than declared due.
    for (const t of all<{ unit_id: number }>('SELECT unit_id FROM anomaly_truth WHERE rule = 2')) {
      const r = one<{ due: number; paid: number }>('SELECT sum(due) due, (SELECT total(amount) FROM imu_payments m JOIN imu_positions p ON p.id = m.position_id WHERE p.unit_id = ?) paid FROM imu_positions WHERE unit_id = ?', t.unit_id, t.unit_id);
      expect(r.paid).toBeLessThan(r.due);
    }
    // 3: TARI surface below 80% of the superficie catastale.
    for (const t of all<{ s: number; c: number }>('SELECT t.surface s, u.superficie_escluse_scoperte c FROM anomaly_truth a JOIN tari_positions t ON t.unit_id = a.unit_id JOIN units u ON u.id = a.unit_id WHERE a.rule = 3')) expect(t.s).toBeLessThan(0.8 * t.c);
    expect(one<{ n: number }>('SELECT count(*) n FROM tari_positions t JOIN units u ON u.id = t.unit_id WHERE t.surface < 0.8 * u.superficie_escluse_scoperte AND t.unit_id NOT IN (SELECT unit_id FROM anomaly_truth WHERE rule = 3)').n).toBe(0);
    // 4: residents and no TARI — exactly the truth.
    const missingTari = all<{ id: number }>('SELECT DISTINCT r.unit_id id FROM residents r WHERE NOT EXISTS (SELECT 1 FROM tari_positions t WHERE t.unit_id = r.unit_id)').map((r) => r.id).sort();
    expect(missingTari).toEqual(all<{ unit_id: number }>('SELECT unit_id FROM anomaly_truth WHERE rule = 4').map((r) => r.unit_id).sort());
    // 5: main-home exemption claimed by an owner who does not live there.
    for (const t of all<{ unit_id: number; subject_id: number }>('SELECT unit_id, subject_id FROM anomaly_truth WHERE rule = 5')) {
      expect(one<{ m: number }>('SELECT main_home m FROM imu_positions WHERE unit_id = ? AND subject_id = ?', t.unit_id, t.subject_id).m).toBe(1);
      expect(one('SELECT 1 FROM residents WHERE unit_id = ? AND subject_id = ?', t.unit_id, t.subject_id)).toBeUndefined();
    }
    // Main-home claims on dwellings are otherwise backed by residence.
    const claims = all<{ unit_id: number; subject_id: number; categoria: string }>(`SELECT p.unit_id, p.subject_id, u.categoria FROM imu_positions p JOIN units u ON u.id = p.unit_id
      WHERE p.main_home = 1 AND u.categoria LIKE 'A/%' AND p.unit_id NOT IN (SELECT unit_id FROM anomaly_truth WHERE rule = 5)`);
    for (const c of claims) {
      expect(isMainHomeExempt(c.categoria)).toBe(true);
      expect(one('SELECT 1 FROM residents WHERE unit_id = ? AND subject_id = ?', c.unit_id, c.subject_id)).toBeDefined();
    }
    // 6: buildings with no units — exactly the truth.
    const empty = all<{ id: number }>('SELECT b.id FROM buildings b WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.building_id = b.id)').map((r) => r.id).sort();
    expect(empty).toEqual(all<{ building_id: number }>('SELECT building_id FROM anomaly_truth WHERE rule = 6').map((r) => r.building_id).sort());
    // 7: buildable land taxed as agricultural.
    for (const t of all<{ parcel_id: number }>('SELECT parcel_id FROM anomaly_truth WHERE rule = 7')) {
      expect(all<{ kind: string }>('SELECT kind FROM imu_positions WHERE parcel_id = ?', t.parcel_id).every((p) => p.kind === 'terreno_agricolo')).toBe(true);
    }
  });

  it('is deterministic for a seed and different for another', () => {
    // Content only: `updated_at` is the time of writing.
    const fingerprint = (d: Db) => ['parcels', 'buildings', 'units', 'subjects', 'imu_positions', 'anomaly_truth']
      .map((t) => `${t}:${createHash('sha256').update(JSON.stringify(d.prepare(`SELECT * FROM ${t} ORDER BY id`).all().map((r) => ({ ...r, updated_at: null })))).digest('hex')}`);
    const make = (seed: string) => {
      const d = openDatabase(join(dir, `${seed}-${Math.random()}.db`));
      seedComune(d, { comune: 'E617', parcels: 1500, seed, anomalyRate: 0.03 });
      return d;
    };
    const again = make('gen');
    expect(fingerprint(again)).toEqual(fingerprint(db));
    const other = make('other');
    expect(fingerprint(other)).not.toEqual(fingerprint(db));
    again.close(); other.close();
  });

  it('refuses to generate a comune twice (all or nothing)', () => {
    expect(() => seedComune(db, { comune: 'E617', parcels: 100, seed: 1 })).toThrow(/già presente/);
    expect(one<{ n: number }>('SELECT count(*) n FROM parcels').n).toBe(1500);
  });
});
