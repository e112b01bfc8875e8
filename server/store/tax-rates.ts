// Tax rates and parameters per comune and year (issue 7 §2): the engine's inputs, as domain types.
// Unknown comune → DomainError not_found; a stale version on write → stale_version.

import type { ImuDelibera, TariTariff } from '../domain/tax/types.ts';
import type { User } from '../domain/users/user.ts';

/** A stored row with its optimistic-lock version (the ETag of the rates editor). */
export type Versioned<T> = T & { version: number };

export interface YearRates {
  imu: Versioned<ImuDelibera> | null;
  tari: Versioned<TariTariff> | null;
  /** Building land values at 1 January of the year, €/m² by zoning code. */
  building_land: Record<string, number>;
  interest_spread: number;
  /** Version of the comune's settings row (interest spread and building land values); null if none yet. */
  settings_version: number | null;
}

/** What a rates editor writes for one comune-year; absent parts stay as they are. */
export interface YearRatesPatch {
  imu?: Omit<ImuDelibera, 'comune' | 'year'>;
  tari?: Omit<TariTariff, 'comune' | 'year'>;
  /** Replaces the year's building land values (€/m² by zoning code). */
  building_land?: Record<string, number>;
  interest_spread?: number;
}

/** The versions the writer read (null: the row did not exist yet). */
export interface ReadVersions {
  imu: number | null;
  tari: number | null;
  settings: number | null;
}

export interface TaxRatesRepository {
  /** Every year's delibera of the comune (the engine applies c. 767 over them). */
  imuDelibere(comune: string): Promise<ImuDelibera[]>;
  tariTariffs(comune: string): Promise<TariTariff[]>;
  /** €/m² of building land in a zoning area at 1 January of the year (the latest year up to it); null if none. */
  buildingLandValue(comune: string, zone: string, year: number): Promise<number | null>;
  /** Every zone's value for the year at once (same rule as buildingLandValue). */
  buildingLandValues(comune: string, year: number): Promise<Record<string, number>>;
  /** Points over the legal interest rate (c. 165 L. 296/2006); 0 when the comune has not set it. */
  interestSpread(comune: string): Promise<number>;
  yearRates(comune: string, year: number): Promise<YearRates>;
  /** Creates (`ifMatch` null) or replaces the comune-year delibera at version `ifMatch`; history recorded. */
  putImuDelibera(user: User, delibera: ImuDelibera, ifMatch: number | null): Promise<Versioned<ImuDelibera>>;
  putTariTariff(user: User, tariff: TariTariff, ifMatch: number | null): Promise<Versioned<TariTariff>>;
  /** All of a year's parts in one transaction; stale_version if any part changed since `read`. */
  putYearRates(user: User, comune: string, year: number, patch: YearRatesPatch, read: ReadVersions): Promise<YearRates>;
  /** A file of several years, overwriting what is there (no version check), all or nothing; history recorded. */
  importRates(user: User, comune: string, years: (YearRatesPatch & { year: number })[]): Promise<YearRates[]>;
}
