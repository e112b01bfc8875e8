// The tax engine's vocabulary. Pure data: no I/O, no database types. Amounts in euro, rates in percent
// (1.06 = 1.06%), dates as ISO strings (YYYY-MM-DD), both ends of a period included.

/** One figure of a computation with the rule it comes from, so an auditor can explain it. */
export interface Step {
  rule: string;
  text: string;
  amount?: number;
}

export type ImuObject =
  | { kind: 'fabbricato'; categoria: string; rendita: number }
  | { kind: 'terreno_agricolo'; reddito_dominicale: number }
  | { kind: 'area_fabbricabile'; valore_venale: number };

/** Circumstances of one taxpayer's holding of one object in one year (all default false / 1). */
export interface ImuFlags {
  main_home?: boolean;
  main_home_pertinenza?: boolean;
  /** Place among the main home's pertinenze of the same category (C/2, C/6 or C/7): 1 is the exempt one. */
  pertinenza_rank?: number;
  /** Category of the main home the pertinenza serves, when known (A/1, A/8, A/9 make it taxable). */
  main_home_categoria?: string;
  historic?: boolean;
  unfit?: boolean;
  free_loan?: boolean;
  canone_concordato?: boolean;
  rural?: boolean;
  beni_merce?: boolean;
}

/** Holding period in the year: dates (month rule of c. 761 applies) or a month count already known. */
export type ImuPeriod = { from: string; to: string } | { months: number };

export interface ImuCase {
  year: number;
  object: ImuObject;
  /** Ownership share 0 < share ≤ 1. */
  share: number;
  period: ImuPeriod;
  flags: ImuFlags;
}

/** The delibera's numeric settings (rates in percent, the deduction in euro), in the order the editor shows them. */
export const IMU_RATE_FIELDS = [
  'ordinary',
  'main_home',
  'main_home_deduction',
  'group_d',
  'rural',
  'beni_merce',
  'agricultural',
  'building_land',
  'canone_concordato',
] as const;

/** A comune's IMU delibera for one year (rates in percent). Category rates override the group rates. */
export interface ImuDelibera {
  comune: string;
  year: number;
  /** Published on the MEF portal by the deadline: unpublished rates do not apply (c. 767). */
  published: boolean;
  ordinary: number;
  main_home: number;
  main_home_deduction: number;
  group_d: number;
  rural: number;
  beni_merce: number;
  agricultural: number;
  building_land: number;
  /** e.g. { "C/1": 0.86, "C/3": 0.86 } */
  categories: Record<string, number>;
  /** Rate for dwellings let at the agreed rent (c. 760 then takes 75% of the tax); null = ordinary. */
  canone_concordato: number | null;
  source: string;
}

/** Where the rate comes from: an explicit rate, or the comune's delibere (all years known, c. 767). */
export type ImuRateSource = { rate_percent: number } | { delibere: ImuDelibera[] };

export interface ImuResult {
  base: number;
  months: number;
  rate_percent: number;
  exempt: boolean;
  deduction: number;
  tax: number;
  state_share: number;
  comune_share: number;
  instalments: { due: string; amount: number }[];
  f24: { code: string; amount: number }[];
  steps: Step[];
}

/** A comune's TARI tariffs for one year (DPR 158/1999). */
export interface TariTariff {
  comune: string;
  year: number;
  /** Households: fixed €/m² per year. */
  domestic_fixed_per_m2: number;
  /** Households: variable €/year by occupants, index 0 = 1 occupant … index 5 = 6 or more. */
  domestic_variable: number[];
  /** Businesses: category 1…30 → [fixed €/m², variable €/m²] per year. */
  non_domestic: Record<string, [number, number]>;
  tefa_percent: number;
  source: string;
}

export interface TariCase {
  year: number;
  kind: 'domestica' | 'non_domestica';
  surface_m2: number;
  occupants?: number;
  category?: number;
  from?: string;
  to?: string;
  /** c. 646: when given and the declared surface is below 80% of it, 80% of it is taxed. */
  superficie_catastale?: number;
}

export type TariTariffSource =
  | { tariff: { fixed_per_m2: number; variable: number }; tefa_percent?: number }
  /** The comune's tariffs (the year's, else the latest earlier one); `tefa_percent` overrides theirs. */
  | { tariffs: TariTariff[]; tefa_percent?: number };

export interface TariResult {
  days: number;
  surface_m2: number;
  fixed: number;
  variable: number;
  tari: number;
  tefa: number;
  total: number;
  steps: Step[];
}

/** The treatment of an object: the delibera's rate column and the F24 code follow from it. */
export type ImuTaxClass = 'main_home' | 'group_d' | 'rural' | 'beni_merce' | 'agricultural' | 'building_land' | 'other';

/** A sanction on a shortfall: late or missing payment by its due date, or a missing / untrue declaration. */
export type SanctionCase =
  /** `paid_on` absent or null: not paid (yet). */
  | { kind: 'omesso_versamento'; tax: number; due: string; paid_on?: string | null }
  /** `percent` within the law's range; default its minimum. */
  | { kind: 'omessa_dichiarazione' | 'infedele_dichiarazione'; tax: number; tributo: 'IMU' | 'TARI'; percent?: number };

export interface SanctionResult {
  percent: number;
  amount: number;
  steps: Step[];
}

/** Interest on `amount` from the day after `due` to `as_of` (both ISO); `spread` in points (c. 165). */
export interface InterestCase {
  amount: number;
  due: string;
  as_of: string;
  spread?: number;
}

export interface InterestResult {
  days: number;
  amount: number;
  steps: Step[];
}

export interface LimitationResult {
  claimable_until: string;
  claimable: boolean;
  steps: Step[];
}
