// PostgreSQL implementation of the tax-rates repository; store/sqlite/tax-rates.ts is the reference it answers
// like (same values, versions, errors and history). Writes carry their history through recordChange in the
// same transaction; the version column is the optimistic lock.
import type { PoolClient } from 'pg';
import type { ImuDelibera, TariTariff } from '../../domain/tax/types.ts';
import type { User } from '../../domain/users/user.ts';
import {
  checkRowVersion,
  checkVersion,
  comuneMissing,
  DELIBERE,
  type RateTable,
  rowChange,
  strip,
  TARIFFS,
  yearRatesOf,
} from '../shared/tax-rate-rows.ts';
import type { ReadVersions, TaxRatesRepository, Versioned, YearRates, YearRatesPatch } from '../tax-rates.ts';
import type { PgPool } from './open.ts';
import { recordChange } from './record-change.ts';
import type { Queryable } from './sql-helpers.ts';
import { pgTransaction } from './transaction.ts';

type Value = string | number | null;

// The domain's shape straight from SQL, keys in the table's order like SQLite's `SELECT *` (the history's JSON
// text depends on it): booleans from 0/1 and JSON from its text (node-postgres parses the json type).
const DELIBERA_SELECT = `SELECT comune, year, published = 1 AS published, ordinary, main_home, main_home_deduction,
  group_d, rural, beni_merce, agricultural, building_land, categories::json AS categories, canone_concordato, source,
  version FROM imu_delibere`;
const TARIFF_SELECT = `SELECT comune, year, domestic_fixed_per_m2, domestic_variable::json AS domestic_variable,
  non_domestic::json AS non_domestic, tefa_percent, source, version FROM tari_tariffs`;

/**
 * Replaces the (comune, year) row bumping its version, or inserts it; returns the row id. Not ON CONFLICT, which
 * draws an id from the sequence even when it updates: the next new row would then get another id than SQLite's.
 * The caller holds the comune's lock (lockComune), so no other writer inserts the row in between.
 */
async function upsert(
  c: PoolClient,
  table: string,
  columns: readonly string[],
  comune: string,
  year: number,
  values: Value[],
): Promise<number> {
  const sets = columns.map((col, i) => `${col} = $${i + 3}`).join(', ');
  const updated = await c.query<{ id: number }>(
    `UPDATE ${table} SET ${sets}, version = version + 1 WHERE comune = $1 AND year = $2 RETURNING id`,
    [comune, year, ...values],
  );
  if (updated.rows[0]) return updated.rows[0].id;
  const marks = columns.map((_, i) => `$${i + 3}`).join(', ');
  const inserted = await c.query<{ id: number }>(
    `INSERT INTO ${table} (comune, year, ${columns.join(', ')}) VALUES ($1, $2, ${marks}) RETURNING id`,
    [comune, year, ...values],
  );
  return inserted.rows[0]!.id;
}

export function pgTaxRates(pool: PgPool): TaxRatesRepository {
  const requireComune = async (db: Queryable, comune: string) => {
    if ((await db.query('SELECT 1 FROM comuni WHERE code = $1', [comune])).rowCount === 0) {
      throw comuneMissing(comune);
    }
  };
  const landValues = async (db: Queryable, comune: string, year: number) => {
    await requireComune(db, comune);
    // COLLATE "C": zones in SQLite's byte order, which is also the order of the history's JSON keys.
    const { rows } = await db.query<{ zone: string; eur_per_m2: number }>(
      `SELECT zone, eur_per_m2 FROM building_land_values v WHERE comune = $1 AND year = (
        SELECT max(year) FROM building_land_values w WHERE w.comune = v.comune AND w.zone = v.zone AND w.year <= $2)
      ORDER BY zone COLLATE "C"`,
      [comune, year],
    );
    return Object.fromEntries(rows.map((r) => [r.zone, r.eur_per_m2]));
  };
  const settingsOf = async (db: Queryable, comune: string) =>
    (
      await db.query<{ id: number; interest_spread: number; version: number }>(
        'SELECT id, interest_spread, version FROM comune_tax_settings WHERE comune = $1',
        [comune],
      )
    ).rows[0];
  const spreadOf = async (db: Queryable, comune: string) => {
    await requireComune(db, comune);
    return (await settingsOf(db, comune))?.interest_spread ?? 0;
  };
  const oneDelibera = async (db: Queryable, comune: string, year: number) =>
    (await db.query<Versioned<ImuDelibera>>(`${DELIBERA_SELECT} WHERE comune = $1 AND year = $2`, [comune, year]))
      .rows[0];
  const oneTariff = async (db: Queryable, comune: string, year: number) =>
    (await db.query<Versioned<TariTariff>>(`${TARIFF_SELECT} WHERE comune = $1 AND year = $2`, [comune, year])).rows[0];
  const yearRates = async (db: Queryable, comune: string, year: number): Promise<YearRates> => {
    const building_land = await landValues(db, comune, year);
    const settings = await settingsOf(db, comune);
    const imu = await oneDelibera(db, comune, year);
    return yearRatesOf(imu, await oneTariff(db, comune, year), building_land, settings);
  };

  /**
   * Checks the comune and makes the comune's rate writers take turns until commit, as SQLite's one writer
   * does: two editors holding the same version cannot both pass the version check. FOR NO KEY UPDATE leaves
   * the foreign-key checks of other writers (FOR KEY SHARE) unblocked.
   */
  const lockComune = async (c: PoolClient, comune: string) => {
    if ((await c.query('SELECT 1 FROM comuni WHERE code = $1 FOR NO KEY UPDATE', [comune])).rowCount === 0) {
      throw comuneMissing(comune);
    }
  };

  /** One comune-year row (delibera or tariff) with its history; inside the caller's transaction. */
  async function writeRow<T extends { comune: string; year: number }>(
    c: PoolClient,
    user: User,
    spec: RateTable<T>,
    value: T,
    read: () => Promise<Versioned<T> | undefined>,
    expected: number | null | undefined,
  ): Promise<Versioned<T>> {
    const before = await read();
    checkRowVersion(spec, value, before, expected);
    const id = await upsert(c, spec.table, spec.columns, value.comune, value.year, spec.values(value));
    const after = (await read())!;
    await recordChange(c, rowChange(spec, id, user, before, after));
    return after;
  }
  const writeDelibera = (c: PoolClient, user: User, d: ImuDelibera, expected: number | null | undefined) =>
    writeRow(c, user, DELIBERE, d, () => oneDelibera(c, d.comune, d.year), expected);
  const writeTariff = (c: PoolClient, user: User, t: TariTariff, expected: number | null | undefined) =>
    writeRow(c, user, TARIFFS, t, () => oneTariff(c, t.comune, t.year), expected);

  /** The comune's settings row guards its interest spread and its building land values (one version). */
  async function writeSettings(
    c: PoolClient,
    user: User,
    comune: string,
    year: number,
    patch: YearRatesPatch,
    expected: number | null | undefined,
  ): Promise<void> {
    const current = await settingsOf(c, comune);
    checkVersion(`Le impostazioni tributarie di ${comune}`, current?.version ?? null, expected);
    const snapshot = async () => ({
      interest_spread: await spreadOf(c, comune),
      building_land: { [year]: await landValues(c, comune, year) },
    });
    const before = await snapshot();
    // Not ON CONFLICT DO NOTHING, which would draw an id even when the row exists (SQLite's rowid would not move).
    if (!current)
      await c.query('INSERT INTO comune_tax_settings (comune, interest_spread, version) VALUES ($1, 0, 0)', [comune]);
    if (patch.interest_spread !== undefined) {
      await c.query('UPDATE comune_tax_settings SET interest_spread = $1 WHERE comune = $2', [
        patch.interest_spread,
        comune,
      ]);
    }
    if (patch.building_land !== undefined) {
      await c.query('DELETE FROM building_land_values WHERE comune = $1 AND year = $2', [comune, year]);
      const entries = Object.entries(patch.building_land);
      await c.query(
        `INSERT INTO building_land_values (comune, zone, year, eur_per_m2)
        SELECT $1, zone, $2, eur_per_m2 FROM unnest($3::text[], $4::double precision[]) AS v (zone, eur_per_m2)`,
        [comune, year, entries.map(([zone]) => zone), entries.map(([, value]) => value)],
      );
    }
    await c.query('UPDATE comune_tax_settings SET version = version + 1 WHERE comune = $1', [comune]);
    await recordChange(c, {
      entity: 'comune_tax_settings',
      entityId: (await settingsOf(c, comune))!.id,
      user,
      before,
      after: await snapshot(),
    });
  }

  async function writeYear(
    c: PoolClient,
    user: User,
    comune: string,
    year: number,
    patch: YearRatesPatch,
    read?: ReadVersions,
  ): Promise<YearRates> {
    await lockComune(c, comune);
    if (patch.imu) await writeDelibera(c, user, { ...patch.imu, comune, year }, read?.imu);
    if (patch.tari) await writeTariff(c, user, { ...patch.tari, comune, year }, read?.tari);
    if (patch.building_land !== undefined || patch.interest_spread !== undefined) {
      await writeSettings(c, user, comune, year, patch, read?.settings);
    }
    return yearRates(c, comune, year);
  }

  return {
    async imuDelibere(comune) {
      await requireComune(pool, comune);
      const { rows } = await pool.query<Versioned<ImuDelibera>>(`${DELIBERA_SELECT} WHERE comune = $1 ORDER BY year`, [
        comune,
      ]);
      return rows.map(strip);
    },
    async tariTariffs(comune) {
      await requireComune(pool, comune);
      const { rows } = await pool.query<Versioned<TariTariff>>(`${TARIFF_SELECT} WHERE comune = $1 ORDER BY year`, [
        comune,
      ]);
      return rows.map(strip);
    },
    buildingLandValue: async (comune, zone, year) => (await landValues(pool, comune, year))[zone] ?? null,
    buildingLandValues: (comune, year) => landValues(pool, comune, year),
    interestSpread: (comune) => spreadOf(pool, comune),
    yearRates: (comune, year) => yearRates(pool, comune, year),
    putImuDelibera: (user, d, ifMatch) =>
      pgTransaction(pool, async (c) => {
        await lockComune(c, d.comune);
        return writeDelibera(c, user, d, ifMatch);
      }),
    putTariTariff: (user, t, ifMatch) =>
      pgTransaction(pool, async (c) => {
        await lockComune(c, t.comune);
        return writeTariff(c, user, t, ifMatch);
      }),
    putYearRates: (user, comune, year, patch, read) =>
      pgTransaction(pool, (c) => writeYear(c, user, comune, year, patch, read)),
    importRates: (user, comune, years) =>
      pgTransaction(pool, async (c) => {
        const out: YearRates[] = [];
        for (const y of years) out.push(await writeYear(c, user, comune, y.year, y));
        return out;
      }),
  };
}
