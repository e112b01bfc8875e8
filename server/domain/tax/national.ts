// Dated national data, each value with its source. Comuni set their own rates (delibere); what is here
// applies when they have not, or is the same for every comune (sanctions, legal interest).
import type { ImuDelibera } from './types.ts';

/** IMU base rates of L. 160/2019 art. 1, used when a comune has no published delibera (c. 767). */
export function nationalImuRates(year: number): ImuDelibera {
  return {
    comune: '',
    year,
    published: true,
    ordinary: 0.86, // c. 754
    main_home: 0.5, // c. 748
    main_home_deduction: 200, // c. 749
    group_d: 0.86, // c. 753
    rural: 0.1, // c. 750
    beni_merce: year <= 2021 ? 0.1 : 0, // c. 751: 0.1% until 2021, exempt from 2022
    agricultural: 0.76, // c. 752
    building_land: 0.86, // c. 754
    categories: {},
    canone_concordato: null,
    source: 'L. 160/2019 art. 1 c. 748–754 (aliquote di base)',
  };
}

/** c. 753: the State's share of group D, in percent of the base. */
export const IMU_STATE_SHARE_D = { percent: 0.76, source: 'L. 160/2019 c. 744 e c. 753' } as const;

/** c. 751: from this year beni merce are exempt. */
export const BENI_MERCE_EXEMPT_FROM = 2022;

/** TEFA, the provincial surcharge on TARI, when the province has not set another rate. */
export const TEFA_DEFAULT = { percent: 5, source: 'D.Lgs. 504/1992 art. 19' } as const;

/** Omesso o insufficiente versamento (D.Lgs. 471/1997 art. 13), by the date of the violation (the due date). */
export interface LatePaymentRegime {
  from: string;
  to: string | null;
  percent: number;
  /** Paid late within this many days: half the rate. */
  halfWithinDays: number;
  /** Paid late within this many days: 1/15 of the halved rate per day of delay. */
  dailyWithinDays: number;
  source: string;
}

export const LATE_PAYMENT_REGIMES: LatePaymentRegime[] = [
  {
    from: '1998-04-01',
    to: '2024-08-31',
    percent: 30,
    halfWithinDays: 90,
    dailyWithinDays: 14,
    source: 'D.Lgs. 471/1997 art. 13 c. 1 (testo modificato dal D.Lgs. 158/2015)',
  },
  {
    from: '2024-09-01',
    to: null,
    percent: 25,
    halfWithinDays: 90,
    dailyWithinDays: 15,
    source: 'D.Lgs. 471/1997 art. 13 c. 1 (testo modificato dal D.Lgs. 87/2024)',
  },
];

export type Tributo = 'IMU' | 'TARI';

/** Omessa / infedele dichiarazione: percent range of the tax due, with a floor in euro. */
export const DECLARATION_SANCTIONS = {
  omessa_dichiarazione: {
    minPercent: 100,
    maxPercent: 200,
    minEur: 50,
    source: { IMU: 'L. 160/2019 art. 1 c. 775', TARI: 'L. 147/2013 art. 1 c. 696' },
  },
  infedele_dichiarazione: {
    minPercent: 50,
    maxPercent: 100,
    minEur: 50,
    source: { IMU: 'L. 160/2019 art. 1 c. 775', TARI: 'L. 147/2013 art. 1 c. 697' },
  },
} as const;

/** Legal interest rate (art. 1284 c.c.) by calendar year, set each year by decree of the MEF. */
export const LEGAL_INTEREST: Record<number, { percent: number; source: string }> = {
  2019: { percent: 0.8, source: 'D.M. MEF 12/12/2018' },
  2020: { percent: 0.05, source: 'D.M. MEF 12/12/2019' },
  2021: { percent: 0.01, source: 'D.M. MEF 11/12/2020' },
  2022: { percent: 1.25, source: 'D.M. MEF 13/12/2021' },
  2023: { percent: 5, source: 'D.M. MEF 13/12/2022' },
  2024: { percent: 2.5, source: 'D.M. MEF 29/11/2023' },
  2025: { percent: 2, source: 'D.M. MEF 10/12/2024' },
  2026: { percent: 1.6, source: 'D.M. MEF dicembre 2025' },
};

/** The comune may add or subtract up to this many points to the legal rate (c. 165 L. 296/2006). */
export const INTEREST_SPREAD_LIMIT = { points: 3, source: 'L. 296/2006 art. 1 c. 165' } as const;

/** Years after the year of the violation within which the comune may notify (c. 161 L. 296/2006). */
export const LIMITATION = { years: 5, source: 'L. 296/2006 art. 1 c. 161' } as const;
