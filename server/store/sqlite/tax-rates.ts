// SQLite implementation of the tax-rates repository (migration 005). Writes carry their history through
// recordChange in the same transaction; the version column is the optimistic lock.
import type { DatabaseSync } from 'node:sqlite';
import { transaction } from '../../db/transaction.ts';
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
import { recordChange } from './record-change.ts';

/** Rows as stored: JSON columns as text, booleans as 0/1. */
interface DeliberaRow extends Omit<Versioned<ImuDelibera>, 'published' | 'categories'> {
  id: number;
  published: number;
  categories: string;
}
interface TariffRow extends Omit<Versioned<TariTariff>, 'domestic_variable' | 'non_domestic'> {
  id: number;
  domestic_variable: string;
  non_domestic: string;
}

const delibera = ({ id: _id, ...r }: DeliberaRow): Versioned<ImuDelibera> => ({
  ...r,
  published: r.published === 1,
  categories: JSON.parse(r.categories),
});
const tariff = ({ id: _id, ...r }: TariffRow): Versioned<TariTariff> => ({
  ...r,
  domestic_variable: JSON.parse(r.domestic_variable),
  non_domestic: JSON.parse(r.non_domestic),
});

/** Inserts or replaces a row by (comune, year), bumping its version; returns the row id. */
function upsert(
  db: DatabaseSync,
  table: string,
  columns: readonly string[],
  comune: string,
  year: number,
  values: (string | number | null)[],
): number {
  const marks = columns.map(() => '?').join(', ');
  const updates = columns.map((c) => `${c} = excluded.${c}`).join(', ');
  const row = db
    .prepare(`INSERT INTO ${table} (comune, year, ${columns.join(', ')}) VALUES (?, ?, ${marks})
    ON CONFLICT (comune, year) DO UPDATE SET ${updates}, version = version + 1 RETURNING id`)
    .get(comune, year, ...values) as { id: number };
  return row.id;
}

export interface TaxRatesSeed {
  delibere: ImuDelibera[];
  tariffs: TariTariff[];
  landValues: { comune: string; zone: string; year: number; eur_per_m2: number }[];
  spreads: Record<string, number>;
}

/** Seeding: the rows as given, without history (a new comune's initial data, like the rest of the demo). */
export function seedTaxRates(db: DatabaseSync, rates: TaxRatesSeed): void {
  for (const d of rates.delibere) upsert(db, DELIBERE.table, DELIBERE.columns, d.comune, d.year, DELIBERE.values(d));
  for (const t of rates.tariffs) upsert(db, TARIFFS.table, TARIFFS.columns, t.comune, t.year, TARIFFS.values(t));
  const land = db.prepare(`INSERT OR REPLACE INTO building_land_values (comune, zone, year, eur_per_m2)
    VALUES (?, ?, ?, ?)`);
  for (const v of rates.landValues) land.run(v.comune, v.zone, v.year, v.eur_per_m2);
  const spread = db.prepare(`INSERT INTO comune_tax_settings (comune, interest_spread) VALUES (?, ?)
    ON CONFLICT (comune) DO UPDATE SET interest_spread = excluded.interest_spread, version = version + 1`);
  for (const [comune, points] of Object.entries(rates.spreads)) spread.run(comune, points);
}

export function sqliteTaxRates(db: DatabaseSync): TaxRatesRepository {
  const requireComune = (comune: string) => {
    if (!db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(comune)) {
      throw comuneMissing(comune);
    }
  };
  const delibereOf = (comune: string) => {
    requireComune(comune);
    const rows = db.prepare('SELECT * FROM imu_delibere WHERE comune = ? ORDER BY year').all(comune);
    return (rows as unknown as DeliberaRow[]).map(delibera);
  };
  const tariffsOf = (comune: string) => {
    requireComune(comune);
    const rows = db.prepare('SELECT * FROM tari_tariffs WHERE comune = ? ORDER BY year').all(comune);
    return (rows as unknown as TariffRow[]).map(tariff);
  };
  const landValues = (comune: string, year: number) => {
    requireComune(comune);
    const rows = db
      .prepare(`SELECT zone, eur_per_m2 FROM building_land_values v WHERE comune = ? AND year = (
        SELECT max(year) FROM building_land_values w WHERE w.comune = v.comune AND w.zone = v.zone AND w.year <= ?)
      ORDER BY zone`)
      .all(comune, year) as { zone: string; eur_per_m2: number }[];
    return Object.fromEntries(rows.map((r) => [r.zone, r.eur_per_m2]));
  };
  const settingsOf = (comune: string) =>
    db.prepare('SELECT rowid AS id, interest_spread, version FROM comune_tax_settings WHERE comune = ?').get(comune) as
      | { id: number; interest_spread: number; version: number }
      | undefined;
  const spreadOf = (comune: string) => {
    requireComune(comune);
    return settingsOf(comune)?.interest_spread ?? 0;
  };
  const oneDelibera = (comune: string, year: number) => {
    const r = db.prepare('SELECT * FROM imu_delibere WHERE comune = ? AND year = ?').get(comune, year);
    return r && delibera(r as unknown as DeliberaRow);
  };
  const oneTariff = (comune: string, year: number) => {
    const r = db.prepare('SELECT * FROM tari_tariffs WHERE comune = ? AND year = ?').get(comune, year);
    return r && tariff(r as unknown as TariffRow);
  };
  const yearRates = (comune: string, year: number): YearRates => {
    const building_land = landValues(comune, year);
    const settings = settingsOf(comune);
    return yearRatesOf(oneDelibera(comune, year), oneTariff(comune, year), building_land, settings);
  };

  /** One comune-year row (delibera or tariff) with its history; inside the caller's transaction. */
  function writeRow<T extends { comune: string; year: number }>(
    user: User,
    spec: RateTable<T>,
    value: T,
    read: () => Versioned<T> | undefined,
    expected: number | null | undefined,
  ): Versioned<T> {
    const before = read();
    checkRowVersion(spec, value, before, expected);
    const id = upsert(db, spec.table, spec.columns, value.comune, value.year, spec.values(value));
    const after = read()!;
    recordChange(db, rowChange(spec, id, user, before, after));
    return after;
  }
  const writeDelibera = (user: User, d: ImuDelibera, expected: number | null | undefined) =>
    writeRow(user, DELIBERE, d, () => oneDelibera(d.comune, d.year), expected);
  const writeTariff = (user: User, t: TariTariff, expected: number | null | undefined) =>
    writeRow(user, TARIFFS, t, () => oneTariff(t.comune, t.year), expected);

  /** The comune's settings row guards its interest spread and its building land values (one version). */
  function writeSettings(
    user: User,
    comune: string,
    year: number,
    patch: YearRatesPatch,
    expected: number | null | undefined,
  ): void {
    const current = settingsOf(comune);
    checkVersion(`Le impostazioni tributarie di ${comune}`, current?.version ?? null, expected);
    const snapshot = () => ({ interest_spread: spreadOf(comune), building_land: { [year]: landValues(comune, year) } });
    const before = snapshot();
    db.prepare('INSERT OR IGNORE INTO comune_tax_settings (comune, interest_spread, version) VALUES (?, 0, 0)').run(
      comune,
    );
    if (patch.interest_spread !== undefined) {
      db.prepare('UPDATE comune_tax_settings SET interest_spread = ? WHERE comune = ?').run(
        patch.interest_spread,
        comune,
      );
    }
    if (patch.building_land !== undefined) {
      db.prepare('DELETE FROM building_land_values WHERE comune = ? AND year = ?').run(comune, year);
      const insert = db.prepare(
        'INSERT INTO building_land_values (comune, zone, year, eur_per_m2) ' + 'VALUES (?, ?, ?, ?)',
      );
      for (const [zone, value] of Object.entries(patch.building_land)) insert.run(comune, zone, year, value);
    }
    db.prepare('UPDATE comune_tax_settings SET version = version + 1 WHERE comune = ?').run(comune);
    recordChange(db, {
      entity: 'comune_tax_settings',
      entityId: settingsOf(comune)!.id,
      user,
      before,
      after: snapshot(),
    });
  }

  function writeYear(user: User, comune: string, year: number, patch: YearRatesPatch, read?: ReadVersions): YearRates {
    requireComune(comune);
    if (patch.imu) writeDelibera(user, { ...patch.imu, comune, year }, read?.imu);
    if (patch.tari) writeTariff(user, { ...patch.tari, comune, year }, read?.tari);
    if (patch.building_land !== undefined || patch.interest_spread !== undefined) {
      writeSettings(user, comune, year, patch, read?.settings);
    }
    return yearRates(comune, year);
  }

  return {
    imuDelibere: async (comune) => delibereOf(comune).map(strip),
    tariTariffs: async (comune) => tariffsOf(comune).map(strip),
    buildingLandValue: async (comune, zone, year) => landValues(comune, year)[zone] ?? null,
    buildingLandValues: async (comune, year) => landValues(comune, year),
    interestSpread: async (comune) => spreadOf(comune),
    yearRates: async (comune, year) => yearRates(comune, year),
    putImuDelibera: async (user, d, ifMatch) =>
      transaction(db, () => {
        requireComune(d.comune);
        return writeDelibera(user, d, ifMatch);
      }),
    putTariTariff: async (user, t, ifMatch) =>
      transaction(db, () => {
        requireComune(t.comune);
        return writeTariff(user, t, ifMatch);
      }),
    putYearRates: async (user, comune, year, patch, read) =>
      transaction(db, () => writeYear(user, comune, year, patch, read)),
    importRates: async (user, comune, years) =>
      transaction(db, () => years.map((y) => writeYear(user, comune, y.year, y))),
  };
}
