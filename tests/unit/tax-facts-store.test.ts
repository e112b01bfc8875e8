import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../server/db/open.ts';
import { DomainError } from '../../server/errors/domain-error.ts';
import { seedComune } from '../../server/seed/demo.ts';
import { sqliteTaxFacts } from '../../server/store/sqlite/tax-facts.ts';
import type { Holding, ParcelHolding, UnitHolding } from '../../server/store/tax-facts.ts';

let dir: string;
let db: Db;
const one = <T>(sql: string, ...p: (string | number)[]) => db.prepare(sql).get(...p) as T;
const collect = async (it: AsyncIterable<Holding>) => {
  const out: Holding[] = [];
  for await (const h of it) out.push(h);
  return out;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edigit-facts-'));
  db = openDatabase(join(dir, 'facts.db'));
  seedComune(db, { comune: 'E617', parcels: 900, seed: 'facts', anomalyRate: 0.03 });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tax facts repository', () => {
  it('reads every unit and every held land parcel of a comune-year once, in pages of a few queries each', async () => {
    let prepared = 0;
    const counting = new Proxy(db, {
      get: (t, k) =>
        k === 'prepare'
          ? (sql: string) => {
              prepared++;
              return t.prepare(sql);
            }
          : Reflect.get(t, k, t),
    });
    const facts = sqliteTaxFacts(counting);
    const small = await collect(facts.holdings('E617', 2023, { batchSize: 100 }));
    const units = small.filter((h): h is UnitHolding => h.object === 'unit');
    const parcels = small.filter((h): h is ParcelHolding => h.object === 'parcel');
    expect(units.map((u) => u.unit_id)).toEqual(
      (db.prepare("SELECT id FROM units WHERE comune = 'E617' ORDER BY id").all() as { id: number }[]).map((r) => r.id),
    );
    expect(parcels.length).toBe(
      one<{ n: number }>('SELECT count(DISTINCT parcel_id) n FROM rights WHERE parcel_id IS NOT NULL').n,
    );
    const pages = Math.ceil(units.length / 100) + Math.ceil(parcels.length / 100);
    expect(prepared).toBeLessThanOrEqual(pages * 10 + 6);
    // The page size changes nothing but the number of queries.
    expect(await collect(sqliteTaxFacts(db).holdings('E617', 2023, { batchSize: 5000 }))).toEqual(small);
  });

  it('gives a unit the rights overlapping the year, the cadastre of 1 January, residents, declarations and payments', async () => {
    const sold = one<{
      unit_id: number;
      valid_from: string;
    }>(`SELECT unit_id, valid_from FROM rights WHERE deed LIKE 'compravendita del 2023-%'
      AND unit_id IS NOT NULL ORDER BY id LIMIT 1`);
    const holdings = await collect(sqliteTaxFacts(db).holdings('E617', 2023));
    const h = holdings.find((x) => x.object === 'unit' && x.unit_id === sold.unit_id) as UnitHolding;
    const buyers = h.rights.filter((r) => r.valid_from === sold.valid_from);
    const sellers = h.rights.filter((r) => r.valid_to !== null);
    expect(buyers.length).toBeGreaterThan(0);
    expect(sellers.every((r) => r.valid_to! < sold.valid_from)).toBe(true);
    expect(buyers.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
    for (const r of h.rights) expect(h.subjects[r.subject_id]!.codice_fiscale).toMatch(/^[A-Z0-9]{16}$/);
    const expected = one<{ categoria: string; rendita: number }>(
      `SELECT categoria, rendita FROM unit_cadastral_history WHERE unit_id = ?
      AND valid_from <= '2023-01-01' AND (valid_to IS NULL OR valid_to >= '2023-01-01')`,
      sold.unit_id,
    );
    expect(h.cadastre).toMatchObject(expected);
    expect(h.imu.every((d) => d.year === 2023 && d.unit_id === sold.unit_id)).toBe(true);
    const paid = one<{ n: number; total: number }>(
      `SELECT count(*) n, total(m.amount) total FROM imu_payments m JOIN imu_positions p ON p.id = m.position_id
      WHERE p.unit_id = ? AND p.year = 2023`,
      sold.unit_id,
    );
    expect(h.imu_payments.length).toBe(paid.n);
    expect(h.tari.every((t) => t.year === 2023)).toBe(true);
  });

  it('shows a revision during the year and keeps the rendita of 1 January', async () => {
    const rev = one<{ unit_id: number; valid_from: string }>(`SELECT unit_id, valid_from FROM unit_cadastral_history
      WHERE valid_from > '2021-01-01' AND substr(valid_from, 6) <> '01-01' ORDER BY id LIMIT 1`);
    const year = Number(rev.valid_from.slice(0, 4));
    const h = (await collect(sqliteTaxFacts(db).holdings('E617', year))).find(
      (x) => x.object === 'unit' && x.unit_id === rev.unit_id,
    ) as UnitHolding;
    expect(h.cadastre_in_year.map((v) => v.valid_from)).toHaveLength(2);
    expect(h.cadastre).toEqual(h.cadastre_in_year[0]);
    expect(h.cadastre!.valid_to! < rev.valid_from).toBe(true);
  });

  it('places land parcels in their zoning area and lists payments by subject', async () => {
    const facts = sqliteTaxFacts(db);
    const parcels = (await collect(facts.holdings('E617', 2025))).filter(
      (h): h is ParcelHolding => h.object === 'parcel',
    );
    const buildable = parcels.filter((p) => p.zoning?.buildable);
    expect(buildable.length).toBeGreaterThan(0);
    expect(buildable.every((p) => p.zoning!.code === 'C')).toBe(true);
    expect(
      parcels.filter((p) => !p.zoning?.buildable).every((p) => p.imu.every((d) => d.kind === 'terreno_agricolo')),
    ).toBe(true);
    const bySubject = await facts.imuPaymentsBySubject('E617', 2025);
    const total = [...bySubject.values()].flat().reduce((s, m) => s + m.amount, 0);
    expect(total).toBeCloseTo(
      one<{ t: number }>("SELECT total(amount) t FROM imu_payments WHERE comune = 'E617' AND tax_year = 2025").t,
      6,
    );
    const tari = await facts.tariPaymentsBySubject('E617', 2025);
    expect([...tari.values()].flat().length).toBe(
      one<{ n: number }>('SELECT count(*) n FROM tari_payments WHERE tax_year = 2025').n,
    );
    expect((await facts.buildingsWithoutUnits('E617')).map((b) => b.building_id)).toEqual(
      (
        db.prepare('SELECT building_id FROM anomaly_truth WHERE rule = 6 ORDER BY building_id').all() as {
          building_id: number;
        }[]
      ).map((r) => r.building_id),
    );
  });

  it('gives a building every year of its units, and refuses unknown buildings and comuni (not_found)', async () => {
    const facts = sqliteTaxFacts(db);
    const bid = one<{ id: number }>(
      'SELECT building_id id FROM units u JOIN residents r ON r.unit_id = u.id ORDER BY u.id LIMIT 1',
    ).id;
    const b = await facts.forBuilding(bid);
    expect(b.units.length).toBe(one<{ n: number }>('SELECT count(*) n FROM units WHERE building_id = ?', bid).n);
    expect(new Set(b.units.flatMap((u) => u.imu.map((d) => d.year)))).toEqual(
      new Set([2021, 2022, 2023, 2024, 2025, 2026]),
    );
    expect(b.units.some((u) => u.residents.length > 0)).toBe(true);
    for (const u of b.units) for (const r of u.rights) expect(b.subjects[r.subject_id]).toBeDefined();
    await expect(facts.forBuilding(99_999_999)).rejects.toMatchObject({ kind: 'not_found' });
    const err = await collect(facts.holdings('Z999', 2025)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).kind).toBe('not_found');
  });
});
