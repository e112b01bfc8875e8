import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../server/db/open.ts';
import { seedComune } from '../../server/seed/demo.ts';
import type { UnitHolding } from '../../server/store/audit-candidates.ts';
import { sqliteAuditCandidates } from '../../server/store/sqlite/audit-candidates.ts';
import { sqliteTaxFacts } from '../../server/store/sqlite/tax-facts.ts';

let dir: string;
let db: Db;
const one = <T>(sql: string, ...p: (string | number)[]) => db.prepare(sql).get(...p) as T;

/** Every taxpayer holding of the comune's units in `year`, through the audit's paged read. */
async function holdingsOf(year: number): Promise<UnitHolding[]> {
  const out: UnitHolding[] = [];
  for await (const page of sqliteAuditCandidates(db).unitPages('E617', [year]))
    for (const facts of page) out.push(...facts.holdings);
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edigit-facts-'));
  db = openDatabase(join(dir, 'facts.db'));
  seedComune(db, { comune: 'E617', parcels: 900, seed: 'facts', anomalyRate: 0.03 });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit unit pages', () => {
  it('gives the buyers of a unit sold mid-year their holding from the deed, the sellers theirs until it', async () => {
    const sold = one<{ unit_id: number; valid_from: string }>(`SELECT unit_id, valid_from FROM rights
      WHERE deed LIKE 'compravendita del 2023-%' AND unit_id IS NOT NULL ORDER BY id LIMIT 1`);
    const holdings = (await holdingsOf(2023)).filter((h) => h.unit_id === sold.unit_id);
    const periods = holdings.flatMap((h) => h.periods);
    const buyers = periods.filter((p) => p.from === sold.valid_from);
    expect(buyers.length).toBeGreaterThan(0);
    expect(buyers.every((p) => p.to === '2023-12-31')).toBe(true);
    expect(buyers.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 12);
    const sellers = periods.filter((p) => p.from !== sold.valid_from);
    expect(sellers.length).toBeGreaterThan(0);
    expect(sellers.every((p) => p.to < sold.valid_from)).toBe(true);
    for (const h of holdings) expect(h.codice_fiscale).toMatch(/^[A-Z0-9]{16}$/);
  });

  it('taxes a unit revised during the year on the rendita in force on 1 January (c. 745)', async () => {
    const rev = one<{ unit_id: number; valid_from: string }>(`SELECT unit_id, valid_from FROM unit_cadastral_history
      WHERE valid_from > '2021-01-01' AND substr(valid_from, 6) <> '01-01' ORDER BY id LIMIT 1`);
    const year = Number(rev.valid_from.slice(0, 4));
    const jan1 = one<{ categoria: string; rendita: number }>(
      `SELECT categoria, rendita FROM unit_cadastral_history WHERE unit_id = ? AND valid_from <= ?
      AND (valid_to IS NULL OR valid_to >= ?)`,
      rev.unit_id,
      `${year}-01-01`,
      `${year}-01-01`,
    );
    const holdings = (await holdingsOf(year)).filter((h) => h.unit_id === rev.unit_id);
    expect(holdings.length).toBeGreaterThan(0);
    for (const h of holdings) expect({ categoria: h.categoria, rendita: h.rendita }).toEqual(jan1);
  });
});

describe('tax facts repository', () => {
  it('gives a building every year of its units, and refuses an unknown building (not_found)', async () => {
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
  });
});
