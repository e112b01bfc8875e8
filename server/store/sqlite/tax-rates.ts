// SQLite implementation of the tax-rates repository (migration 005). Writes carry their history through
// recordChange in the same transaction; the version column is the optimistic lock.
import type { DatabaseSync } from 'node:sqlite';
import { transaction } from '../../db/transaction.ts';
import { IMU_RATE_FIELDS, type ImuDelibera, type TariTariff } from '../../domain/tax/types.ts';
import type { User } from '../../domain/users/user.ts';
import { notFoundError, staleVersionError } from '../../errors/domain-error.ts';
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
const strip = <T extends { version: number }>({ version: _v, ...rest }: T) => rest;

const DELIBERA_COLUMNS = ['published', ...IMU_RATE_FIELDS, 'categories', 'source'] as const;
const TARIFF_COLUMNS = [
  'domestic_fixed_per_m2',
  'domestic_variable',
  'non_domestic',
  'tefa_percent',
  'source',
] as const;

function deliberaValues(d: ImuDelibera) {
  return [d.published ? 1 : 0, ...IMU_RATE_FIELDS.map((k) => d[k]), JSON.stringify(d.categories), d.source];
}
function tariffValues(t: TariTariff) {
  return [
    t.domestic_fixed_per_m2,
    JSON.stringify(t.domestic_variable),
    JSON.stringify(t.non_domestic),
    t.tefa_percent,
    t.source,
  ];
}

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
  for (const d of rates.delibere) upsert(db, 'imu_delibere', DELIBERA_COLUMNS, d.comune, d.year, deliberaValues(d));
  for (const t of rates.tariffs) upsert(db, 'tari_tariffs', TARIFF_COLUMNS, t.comune, t.year, tariffValues(t));
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
      throw notFoundError(`Comune ${comune} non presente`);
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
    return {
      imu: oneDelibera(comune, year) ?? null,
      tari: oneTariff(comune, year) ?? null,
      building_land,
      interest_spread: settings?.interest_spread ?? 0,
      settings_version: settings?.version ?? null,
    };
  };

  /** `expected` undefined: an import, which overwrites whatever version is there. */
  const checkVersion = (what: string, current: number | null, expected: number | null | undefined) => {
    if (expected === undefined || current === expected) return;
    throw staleVersionError(
      current === null
        ? `${what} non esistono più nella versione letta: ricaricare`
        : `${what} sono state modificate da un altro utente: ricaricare e ripetere la modifica`,
      { current_version: current },
    );
  };

  /** One comune-year row (delibera or tariff) with its history; inside the caller's transaction. */
  function writeRow<T extends { comune: string; year: number }>(
    user: User,
    spec: { table: string; entity: string; columns: readonly string[]; label: string },
    value: T,
    values: (string | number | null)[],
    read: () => Versioned<T> | undefined,
    expected: number | null | undefined,
  ): Versioned<T> {
    const before = read();
    checkVersion(`${spec.label} ${value.year} di ${value.comune}`, before?.version ?? null, expected);
    const id = upsert(db, spec.table, spec.columns, value.comune, value.year, values);
    const after = read()!;
    recordChange(db, {
      entity: spec.entity,
      entityId: id,
      user,
      before: before ? strip(before) : null,
      after: strip(after),
    });
    return after;
  }
  const writeDelibera = (user: User, d: ImuDelibera, expected: number | null | undefined) =>
    writeRow(
      user,
      { table: 'imu_delibere', entity: 'imu_delibera', columns: DELIBERA_COLUMNS, label: 'Le aliquote IMU' },
      d,
      deliberaValues(d),
      () => oneDelibera(d.comune, d.year),
      expected,
    );
  const writeTariff = (user: User, t: TariTariff, expected: number | null | undefined) =>
    writeRow(
      user,
      { table: 'tari_tariffs', entity: 'tari_tariff', columns: TARIFF_COLUMNS, label: 'Le tariffe TARI' },
      t,
      tariffValues(t),
      () => oneTariff(t.comune, t.year),
      expected,
    );

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
