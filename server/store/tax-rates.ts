// Tax rates and parameters per comune and year (issue 7 §2): the engine's inputs, as domain types.
// Unknown comune → DomainError not_found; a stale version on write → stale_version.
import type { User } from '../auth/users.ts';
import type { ImuDelibera, TariTariff } from '../domain/tax/types.ts';

/** A stored row with its optimistic-lock version (the ETag of the rates editor). */
export type Versioned<T> = T & { version: number };

export interface YearRates {
  imu: Versioned<ImuDelibera> | null;
  tari: Versioned<TariTariff> | null;
  /** Building land values at 1 January of the year, €/m² by zoning code. */
  building_land: Record<string, number>;
  interest_spread: number;
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
}
