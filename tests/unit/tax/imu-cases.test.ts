import { describe, expect, it } from 'vitest';
import { DEMO_IMU_DELIBERE } from '../../../fixtures/rates.ts';
import type { ImuCase, ImuFlags, ImuRateSource } from '../../../server/domain/tax/index.ts';
import { computeImu, dueDate } from '../../../server/domain/tax/index.ts';

function imu(
  categoria: string,
  rendita: number,
  flags: ImuFlags = {},
  opts: Partial<ImuCase> = {},
  rates: ImuRateSource = { rate_percent: 1.06 },
) {
  const object = { kind: 'fabbricato' as const, categoria, rendita };
  return computeImu({ year: 2025, object, share: 1, period: { months: 12 }, flags, ...opts }, rates);
}
const delibere = (comune: string): ImuRateSource => ({
  delibere: DEMO_IMU_DELIBERE.filter((d) => d.comune === comune),
});

describe('main home and pertinenze (c. 740–741, c. 748–749)', () => {
  it('exempts the main home unless A/1, A/8, A/9; A/10 is not a dwelling', () => {
    const home = imu('A/2', 900, { main_home: true });
    expect([home.exempt, home.tax, home.f24]).toEqual([true, 0, []]);
    expect(home.instalments).toEqual([
      { due: '2025-06-16', amount: 0 },
      { due: '2025-12-16', amount: 0 },
    ]);
    const office = imu('A/10', 900, { main_home: true });
    expect([office.exempt, office.tax]).toEqual([false, 801.36]);
    expect(office.steps.some((s) => s.text.includes("non è un'abitazione"))).toBe(true);
  });

  it('exempts one pertinenza per C/2, C/6, C/7 (rank 1) and taxes the second as another building', () => {
    const garage = imu('C/6', 100, { main_home_pertinenza: true });
    const cellar = imu('C/2', 80, { main_home_pertinenza: true, pertinenza_rank: 1 });
    expect([garage.exempt, garage.tax, cellar.exempt, cellar.tax]).toEqual([true, 0, true, 0]);
    const second = imu('C/6', 100, { main_home_pertinenza: true, pertinenza_rank: 2 });
    expect([second.exempt, second.base, second.tax]).toEqual([false, 16_800, 178.08]);
    expect(second.f24).toEqual([{ code: '3918', amount: 178 }]);
  });

  it('does not treat a shop flagged as pertinenza as one', () => {
    const shop = imu('C/1', 1000, { main_home_pertinenza: true });
    expect([shop.exempt, shop.tax]).toEqual([false, 612.15]);
    expect(shop.steps.some((s) => s.text.includes('solo C/2, C/6 e C/7'))).toBe(true);
  });

  it('taxes the pertinenza of an A/1 main home at the main-home rate, code 3912, without the deduction', () => {
    const r = imu('C/6', 100, { main_home_pertinenza: true, main_home_categoria: 'A/1' }, {}, { delibere: [] });
    expect([r.rate_percent, r.tax, r.deduction]).toEqual([0.5, 84, 0]);
    expect(r.f24).toEqual([{ code: '3912', amount: 84 }]);
  });

  it('scales the €200 deduction by months and share: A/1 main home, half share, 6 months → deduction 50', () => {
    const r = imu('A/1', 2000, { main_home: true }, { share: 0.5, period: { months: 6 } }, { rate_percent: 0.5 });
    expect([r.base, r.rate_percent, r.deduction, r.tax]).toEqual([336_000, 0.5, 50, 370]);
    expect(r.f24).toEqual([{ code: '3912', amount: 370 }]);
    expect(r.instalments).toEqual([
      { due: '2025-06-16', amount: 185 },
      { due: '2025-12-16', amount: 185 },
    ]);
  });

  it("caps the deduction at the tax and uses the delibera's main-home rate", () => {
    const r = imu('A/8', 100, { main_home: true }, {}, delibere('C566'));
    expect([r.rate_percent, r.deduction, r.tax, r.f24]).toEqual([0.6, 100.8, 0, []]);
  });
});

describe('group D, rural, beni merce (c. 744, 750, 751, 753)', () => {
  it('splits D/1 between the State (0.76%, code 3925) and the comune (code 3930)', () => {
    const r = imu('D/1', 10_000);
    expect([r.base, r.tax, r.state_share, r.comune_share]).toEqual([682_500, 7234.5, 5187, 2047.5]);
    expect(r.f24).toEqual([
      { code: '3925', amount: 5187 },
      { code: '3930', amount: 2048 },
    ]);
  });

  it('caps the State share at the tax when the rate is below 0.76%', () => {
    const r = imu('D/7', 10_000, {}, {}, { rate_percent: 0.5 });
    expect([r.tax, r.state_share, r.comune_share]).toEqual([3412.5, 3412.5, 0]);
    expect(r.f24).toEqual([{ code: '3925', amount: 3413 }]);
  });

  it('gives rural instrumental buildings (D/10 or flagged) all to the comune, code 3913, at the rural rate', () => {
    const d10 = imu('D/10', 10_000, {}, {}, delibere('E617'));
    expect([d10.rate_percent, d10.tax, d10.state_share]).toEqual([0.1, 682.5, 0]);
    expect(d10.f24).toEqual([{ code: '3913', amount: 683 }]);
    const barn = imu('C/2', 500, { rural: true }, {}, delibere('E617'));
    expect([barn.rate_percent, barn.tax, barn.f24]).toEqual([0.1, 84, [{ code: '3913', amount: 84 }]]);
  });

  it('taxes beni merce at 0.1% until 2021 (code 3939) and exempts them from 2022', () => {
    const y2021 = imu('A/2', 900, { beni_merce: true }, { year: 2021 }, delibere('E617'));
    expect([y2021.rate_percent, y2021.tax, y2021.f24]).toEqual([0.1, 151.2, [{ code: '3939', amount: 151 }]]);
    const y2022 = imu('A/2', 900, { beni_merce: true }, { year: 2022 }, delibere('E617'));
    expect([y2022.exempt, y2022.tax]).toEqual([true, 0]);
  });
});

describe('reductions (c. 747, c. 760)', () => {
  it('halves the base for each of historic, unfit, free loan, cumulatively', () => {
    const historic = imu('A/2', 900, { historic: true });
    expect([historic.base, historic.tax]).toEqual([75_600, 801.36]);
    const both = imu('A/2', 900, { historic: true, unfit: true });
    expect([both.base, both.tax]).toEqual([37_800, 400.68]);
    const halvings = both.steps.filter((s) => s.rule.startsWith('L. 160/2019 c. 747'));
    expect(halvings.map((s) => s.amount)).toEqual([75_600, 37_800]);
    expect(imu('A/3', 900, { free_loan: true }).base).toBe(75_600);
  });

  it("takes 75% of the tax for the agreed rent, with the delibera's agreed-rent rate when set", () => {
    expect(imu('A/2', 900, { canone_concordato: true }).tax).toBe(1202.04);
    const lissone = imu('A/2', 900, { canone_concordato: true }, {}, delibere('E617'));
    expect([lissone.rate_percent, lissone.tax]).toEqual([0.86, 975.24]);
    const shop = imu('C/1', 1000, { canone_concordato: true });
    expect(shop.tax).toBe(612.15);
  });
});

describe('rates of the year (c. 767)', () => {
  it("uses the comune's delibera of the year, category rates first", () => {
    expect(imu('A/2', 900, {}, {}, delibere('E617')).tax).toBe(1602.72);
    expect(imu('A/2', 900, {}, { year: 2022 }, delibere('E617')).rate_percent).toBe(0.93);
    expect(imu('C/1', 1000, {}, {}, delibere('E617')).rate_percent).toBe(0.93);
    expect(imu('D/5', 1000, {}, { year: 2021 }, delibere('E617')).rate_percent).toBe(1.06);
  });

  it('falls back to the latest published earlier year when the delibera is unpublished (C566 2024 → 2023)', () => {
    const r = imu('A/2', 900, {}, { year: 2024 }, delibere('C566'));
    expect([r.rate_percent, r.tax]).toEqual([1, 1512]);
    expect(r.steps.find((s) => s.rule === 'L. 160/2019 c. 767')!.text).toMatch(
      /^La delibera 2024 non è stata pubblicata nei termini: si applicano le aliquote del 2023/,
    );
    expect(imu('A/2', 900, {}, { year: 2025 }, delibere('C566')).rate_percent).toBe(1.04);
  });

  it('falls back to the national base rates without any delibera', () => {
    const r = imu('A/2', 900, {}, {}, { delibere: [] });
    expect([r.rate_percent, r.tax]).toEqual([0.86, 1300.32]);
    expect(imu('D/1', 10_000, {}, {}, { delibere: [] }).rate_percent).toBe(0.86);
  });
});

describe('instalments (c. 762)', () => {
  it('moves a 16th on Saturday or Sunday to the Monday', () => {
    expect([dueDate(2024, 6), dueDate(2023, 12), dueDate(2025, 6), dueDate(2022, 12)]).toEqual([
      '2024-06-17',
      '2023-12-18',
      '2025-06-16',
      '2022-12-16',
    ]);
  });

  it("puts the tax of the first semester's months held in June and the rest in December", () => {
    const r = imu('A/2', 900, {}, { year: 2024, period: { from: '2024-09-01', to: '2024-12-31' } });
    expect([r.months, r.tax]).toEqual([4, 534.24]);
    expect(r.instalments).toEqual([
      { due: '2024-06-17', amount: 0 },
      { due: '2024-12-16', amount: 534.24 },
    ]);
    const seller = imu('A/2', 900, {}, { year: 2023, period: { from: '2023-01-01', to: '2023-08-31' } });
    expect(seller.instalments).toEqual([
      { due: '2023-06-16', amount: 801.36 },
      { due: '2023-12-18', amount: 267.12 },
    ]);
  });

  it("computes the June instalment at the previous year's rates of the comune, the balance at this year's", () => {
    // Lissone raised second homes from 0.93% (2022) to 1.06% (2023): 151,200 × 0.93% × 6/12 = 703.08 in June.
    const r = imu('A/2', 900, {}, { year: 2023 }, delibere('E617'));
    expect([r.rate_percent, r.tax]).toEqual([1.06, 1602.72]);
    expect(r.instalments).toEqual([
      { due: '2023-06-16', amount: 703.08 },
      { due: '2023-12-18', amount: 899.64 },
    ]);
  });
});
