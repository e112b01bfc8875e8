// The tax-rates rows both engines write: columns and values of a delibera or a tariff, the version check and the
// history entry of a write.
import { IMU_RATE_FIELDS, type ImuDelibera, type TariTariff } from '../../domain/tax/types.ts';
import type { User } from '../../domain/users/user.ts';
import { notFoundError, staleVersionError } from '../../errors/domain-error.ts';
import type { Versioned, YearRates } from '../tax-rates.ts';
import type { Change } from './history-change.ts';

type Value = string | number | null;

/** How one comune-year row (a delibera or a tariff) is written: its table, history entity, columns and values. */
export interface RateTable<T> {
  table: string;
  entity: string;
  columns: readonly string[];
  label: string;
  values: (row: T) => Value[];
}

export const DELIBERE: RateTable<ImuDelibera> = {
  table: 'imu_delibere',
  entity: 'imu_delibera',
  columns: ['published', ...IMU_RATE_FIELDS, 'categories', 'source'],
  label: 'Le aliquote IMU',
  values: (d) => [d.published ? 1 : 0, ...IMU_RATE_FIELDS.map((k) => d[k]), JSON.stringify(d.categories), d.source],
};

export const TARIFFS: RateTable<TariTariff> = {
  table: 'tari_tariffs',
  entity: 'tari_tariff',
  columns: ['domestic_fixed_per_m2', 'domestic_variable', 'non_domestic', 'tefa_percent', 'source'],
  label: 'Le tariffe TARI',
  values: (t) => [
    t.domestic_fixed_per_m2,
    JSON.stringify(t.domestic_variable),
    JSON.stringify(t.non_domestic),
    t.tefa_percent,
    t.source,
  ],
};

export const strip = <T extends { version: number }>({ version: _v, ...rest }: T) => rest;

export const comuneMissing = (comune: string) => notFoundError(`Comune ${comune} non presente`);

/** `expected` undefined: an import, which overwrites whatever version is there. */
export function checkVersion(what: string, current: number | null, expected: number | null | undefined): void {
  if (expected === undefined || current === expected) return;
  throw staleVersionError(
    current === null
      ? `${what} non esistono più nella versione letta: ricaricare`
      : `${what} sono state modificate da un altro utente: ricaricare e ripetere la modifica`,
    { current_version: current },
  );
}

/** Checks that `before` (the row as read in the write's transaction) is still the version the writer read. */
export const checkRowVersion = <T extends { comune: string; year: number }>(
  spec: RateTable<T>,
  value: T,
  before: Versioned<T> | undefined,
  expected: number | null | undefined,
) => checkVersion(`${spec.label} ${value.year} di ${value.comune}`, before?.version ?? null, expected);

/** The history entry of a comune-year row's write (row `id`). */
export const rowChange = <T>(
  spec: RateTable<T>,
  id: number,
  user: User,
  before: Versioned<T> | undefined,
  after: Versioned<T>,
): Change => ({ entity: spec.entity, entityId: id, user, before: before ? strip(before) : null, after: strip(after) });

/** A year's rates as read: the rows (if any) and the comune's settings. */
export const yearRatesOf = (
  imu: Versioned<ImuDelibera> | undefined,
  tari: Versioned<TariTariff> | undefined,
  building_land: Record<string, number>,
  settings: { interest_spread: number; version: number } | undefined,
): YearRates => ({
  imu: imu ?? null,
  tari: tari ?? null,
  building_land,
  interest_spread: settings?.interest_spread ?? 0,
  settings_version: settings?.version ?? null,
});
