// The PostgreSQL tax-rates and tax-facts repositories against the SQLite ones over the same seed: same values,
// same order, same errors, same history rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../server/domain/users/user.ts';
import { DomainError } from '../../server/errors/domain-error.ts';
import { pgTaxFacts } from '../../server/store/postgres/tax-facts.ts';
import { pgTaxRates } from '../../server/store/postgres/tax-rates.ts';
import { loadUser } from '../../server/store/sqlite/users.ts';
import { sqliteStore } from '../../server/store/sqlite-store.ts';
import type { BuildingTaxFacts, TaxFactsRepository } from '../../server/store/tax-facts.ts';
import type { TaxRatesRepository, YearRates, YearRatesPatch } from '../../server/store/tax-rates.ts';
import { type SeededPostgres, seededPostgres } from '../helpers/pg-seeded.ts';
import { pgUrl } from '../helpers/pg-url.ts';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';

/** What a rejection carries to the client: kind, code, message and details (or that it is no DomainError). */
async function outcome<T>(p: Promise<T>) {
  return p.then(
    (value) => ({ value }),
    (e: unknown) =>
      e instanceof DomainError
        ? { kind: e.kind, code: e.code, message: e.message, details: e.details }
        : { notDomainError: true },
  );
}

interface HistoryRow {
  entity: string;
  entity_id: number;
  user_id: number | null;
  username: string;
  before: string;
  after: string;
}
const HISTORY = 'SELECT entity, entity_id, user_id, username, before, after FROM history WHERE id > $1 ORDER BY id';

// comune_tax_settings has no id in PostgreSQL: its history's entity_id is derived from the comune's code
// (server/store/postgres/tax-rates.ts), SQLite's is the rowid. Everything else in the row is the same.

describe.skipIf(!pgUrl())('PostgreSQL tax repositories, compared with SQLite', () => {
  let t: TestApp;
  let pg: SeededPostgres;
  let sqlite: { rates: TaxRatesRepository; facts: TaxFactsRepository };
  let postgres: { rates: TaxRatesRepository; facts: TaxFactsRepository };
  let tributi: User;

  beforeAll(async () => {
    t = makeTestApp();
    pg = await seededPostgres(pgUrl()!);
    const store = sqliteStore(t.db);
    sqlite = { rates: store.taxRates, facts: store.taxFacts };
    postgres = { rates: pgTaxRates(pg.pool), facts: pgTaxFacts(pg.pool) };
    const id = (t.db.prepare("SELECT id FROM users WHERE username = 'tributi'").get() as { id: number }).id;
    tributi = loadUser(t.db, id)!;
  }, 120_000);
  afterAll(async () => {
    t?.close();
    await pg?.close();
  });

  /** The same call on both engines: both fulfilled with equal values, or both refused the same way. */
  async function same<T>(call: (repo: typeof sqlite) => Promise<T>) {
    const a = await outcome(call(sqlite));
    const b = await outcome(call(postgres));
    expect(b).toEqual(a);
    return a;
  }

  const lastHistoryId = async () => ({
    sqlite: (t.db.prepare('SELECT coalesce(max(id), 0) AS n FROM history').get() as { n: number }).n,
    postgres: (await pg.pool.query<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM history')).rows[0]!.n,
  });
  /** The history rows written since `since` on both engines, byte for byte but the settings' entity_id. */
  async function sameHistory(since: { sqlite: number; postgres: number }) {
    const a = t.db.prepare(HISTORY.replace('$1', '?')).all(since.sqlite) as unknown as HistoryRow[];
    const b = (await pg.pool.query<HistoryRow>(HISTORY, [since.postgres])).rows;
    expect(b).toEqual(a.map((r) => ({ ...r })));
    return a;
  }

  describe('reads', () => {
    const comuni = ['E617', 'C566', 'Z999'];
    const years = [2012, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2030];

    it('gives every comune the same delibere, tariffs and spread; not_found for an unknown one', async () => {
      for (const comune of comuni) {
        await same((r) => r.rates.imuDelibere(comune));
        await same((r) => r.rates.tariTariffs(comune));
        await same((r) => r.rates.interestSpread(comune));
      }
      expect(await same((r) => r.rates.imuDelibere('Z999'))).toEqual({
        kind: 'not_found',
        code: 'not_found',
        message: 'Comune Z999 non presente',
        details: null,
      });
      const delibere = (await same((r) => r.rates.imuDelibere('E617'))) as { value: unknown[] };
      expect(delibere.value.length).toBeGreaterThan(3);
    });

    it("gives every year the same building land values and year's rates", async () => {
      for (const comune of comuni)
        for (const year of years) {
          await same((r) => r.rates.buildingLandValues(comune, year));
          await same((r) => r.rates.yearRates(comune, year));
          for (const zone of ['A', 'D', 'Q']) await same((r) => r.rates.buildingLandValue(comune, zone, year));
        }
      expect(await same((r) => r.rates.buildingLandValues('E617', 2025))).toEqual({
        value: { A: 270.56, B: 228.93, C: 166.5, D: 124.87 },
      });
    });

    it('gives every building the same units, facts and subjects, in the same order', async () => {
      const ids = t.db.prepare('SELECT id FROM buildings ORDER BY id').all() as { id: number }[];
      expect(ids.length).toBeGreaterThan(100);
      let units = 0;
      let holders = 0;
      for (const { id } of ids) {
        const facts = (await same((r) => r.facts.forBuilding(id))) as { value: BuildingTaxFacts };
        units += facts.value.units.length;
        holders += facts.value.units.reduce((n, u) => n + u.holder_residences.length, 0);
      }
      expect(units).toBeGreaterThan(ids.length);
      expect(holders).toBeGreaterThan(0);
      expect(await same((r) => r.facts.forBuilding(99_999_999))).toEqual({
        kind: 'not_found',
        code: 'not_found',
        message: 'Edificio 99999999 non trovato',
        details: null,
      });
    });
  });

  describe('writes', () => {
    /** A year's rates as both engines read them (the reads above are compared), without the versions. */
    async function ratesOf(comune: string, year: number) {
      const rates = (await same((r) => r.rates.yearRates(comune, year))) as { value: YearRates };
      const { version: imuVersion, ...imu } = rates.value.imu!;
      const { version: tariVersion, ...tari } = rates.value.tari!;
      const read = { imu: imuVersion, tari: tariVersion, settings: rates.value.settings_version! };
      return { imu, tari, read, rates };
    }

    it('replaces and creates delibere and tariffs with the same versions, history and stale_version', async () => {
      const since = await lastHistoryId();
      const { imu, tari } = await ratesOf('E617', 2025);
      const saved = await same((r) => r.rates.putImuDelibera(tributi, { ...imu, ordinary: 1.1 }, 1));
      expect(saved).toMatchObject({ value: { ordinary: 1.1, version: 2 } });
      expect(await same((r) => r.rates.putImuDelibera(tributi, imu, 1))).toEqual({
        kind: 'stale_version',
        code: 'stale_version',
        message:
          'Le aliquote IMU 2025 di E617 sono state modificate da un altro utente: ricaricare e ripetere la modifica',
        details: { current_version: 2 },
      });
      const y2031 = { ...imu, year: 2031, source: 'Delibera 2031' };
      expect(await same((r) => r.rates.putImuDelibera(tributi, y2031, 4))).toMatchObject({
        kind: 'stale_version',
        message: 'Le aliquote IMU 2031 di E617 non esistono più nella versione letta: ricaricare',
        details: { current_version: null },
      });
      expect(await same((r) => r.rates.putImuDelibera(tributi, y2031, null))).toMatchObject({
        value: { year: 2031, version: 1 },
      });
      expect(await same((r) => r.rates.putImuDelibera(tributi, y2031, null))).toMatchObject({
        kind: 'stale_version',
        details: { current_version: 1 },
      });
      await same((r) => r.rates.putTariTariff(tributi, { ...tari, tefa_percent: 4 }, 1));
      expect(await same((r) => r.rates.putTariTariff(tributi, tari, 1))).toMatchObject({
        kind: 'stale_version',
        details: { current_version: 2 },
      });
      expect(await same((r) => r.rates.putImuDelibera(tributi, { ...imu, comune: 'Z999' }, 1))).toMatchObject({
        kind: 'not_found',
        message: 'Comune Z999 non presente',
      });
      const rows = await sameHistory(since);
      expect(rows.map((h) => [h.entity, h.username, JSON.parse(h.before)?.year ?? null])).toEqual([
        ['imu_delibera', 'tributi', 2025],
        ['imu_delibera', 'tributi', null],
        ['tari_tariff', 'tributi', 2025],
      ]);
    });

    it("writes a year's parts in one transaction, all or nothing on a stale settings version", async () => {
      const since = await lastHistoryId();
      const { imu, tari, read, rates } = await ratesOf('C566', 2024);
      const building_land = { Z: 10, A: 300.25, 'A-1': 12.5, b: 1 };
      const patch: YearRatesPatch = { imu: { ...imu, main_home: 0.45 }, tari, building_land, interest_spread: -1.5 };
      const stale = await same((r) =>
        r.rates.putYearRates(tributi, 'C566', 2024, patch, { ...read, settings: read.settings + 3 }),
      );
      expect(stale).toMatchObject({
        kind: 'stale_version',
        message:
          'Le impostazioni tributarie di C566 sono state modificate da un altro utente: ' +
          'ricaricare e ripetere la modifica',
      });
      expect(await same((r) => r.rates.yearRates('C566', 2024))).toEqual(rates);
      expect(await same((r) => r.rates.putYearRates(tributi, 'C566', 2024, patch, read))).toMatchObject({
        value: {
          imu: { main_home: 0.45, version: read.imu + 1 },
          tari: { version: read.tari + 1 },
          building_land,
          interest_spread: -1.5,
          settings_version: read.settings + 1,
        },
      });
      await same((r) => r.rates.yearRates('C566', 2025));
      await same((r) => r.rates.putYearRates(tributi, 'C566', 2024, {}, read));
      await same((r) => r.rates.putYearRates(tributi, 'Z999', 2024, patch, read));
      const rows = await sameHistory(since);
      expect(rows.map((h) => h.entity)).toEqual(['imu_delibera', 'tari_tariff', 'comune_tax_settings']);
      expect(rows[2]!.entity_id).toBe(2); // C566's settings: the second row of SQLite's table
    });

    it('imports years without version checks; refuses values the schema forbids, changing nothing', async () => {
      const since = await lastHistoryId();
      const { imu, tari } = await ratesOf('E617', 2025);
      const years = [2027, 2032].map((year) => ({
        year,
        imu: { ...imu, ordinary: 1.14, source: `Delibera ${year}` },
        tari,
        building_land: { A: year / 10 },
        interest_spread: 0.25,
      }));
      expect(await same((r) => r.rates.importRates(tributi, 'E617', years))).toMatchObject({
        value: [{ imu: { year: 2027, ordinary: 1.14 } }, { imu: { year: 2032 }, building_land: { A: 203.2 } }],
      });
      await same((r) => r.rates.importRates(tributi, 'E617', years));
      expect(await same((r) => r.rates.importRates(tributi, 'Z999', []))).toEqual({ value: [] });
      const rows = await sameHistory(since);
      expect(rows.length).toBe(12);
      // The routes validate first; what reaches the store anyway is refused by the schema's CHECKs.
      const bad = [
        { ...years[0]!, year: 2033 },
        { ...years[1]!, interest_spread: 7 },
      ];
      expect(await same((r) => r.rates.importRates(tributi, 'E617', bad))).toEqual({ notDomainError: true });
      const { read } = await ratesOf('E617', 2025);
      expect(await same((r) => r.rates.putImuDelibera(tributi, { ...imu, ordinary: 2 }, read.imu))).toEqual({
        notDomainError: true,
      });
      expect(await sameHistory(since)).toEqual(rows);
      for (const y of [2025, 2027, 2031, 2032, 2033]) await same((r) => r.rates.yearRates('E617', y));
      await same((r) => r.rates.imuDelibere('E617'));
      await same((r) => r.rates.tariTariffs('E617'));
    });

    // Last: it writes PostgreSQL only. SQLite has one writer; PostgreSQL's writers of a comune take turns.
    it('lets one of two editors holding the same version save, and refuses the other with stale_version', async () => {
      const { imu, read } = await ratesOf('E617', 2026);
      const race = (write: () => Promise<unknown>) =>
        Promise.all([outcome(write()), outcome(write())]).then((r) => r.map((o) => ('value' in o ? 'saved' : o.kind)));
      expect((await race(() => postgres.rates.putImuDelibera(tributi, imu, read.imu))).sort()).toEqual([
        'saved',
        'stale_version',
      ]);
      const y2040 = { ...imu, year: 2040 };
      expect((await race(() => postgres.rates.putImuDelibera(tributi, y2040, null))).sort()).toEqual([
        'saved',
        'stale_version',
      ]);
    });
  });
});
