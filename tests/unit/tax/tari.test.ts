import { describe, expect, it } from 'vitest';
import { DEMO_TARI_TARIFFS } from '../../../fixtures/rates.ts';
import { computeTari, type TariCase, type TariTariffSource } from '../../../server/domain/tax/index.ts';

const figures = (c: TariCase, src: TariTariffSource) => {
  const r = computeTari(c, src);
  return [r.days, r.surface_m2, r.fixed, r.variable, r.tari, r.tefa, r.total];
};

describe('TARI (DPR 158/1999, L. 147/2013 c. 641–668)', () => {
  it('prorates a household by the days held, both ends counting, and adds 5% TEFA', () => {
    const c: TariCase = {
      year: 2025,
      kind: 'domestica',
      surface_m2: 100,
      occupants: 3,
      from: '2025-07-01',
      to: '2025-12-31',
    };
    expect(figures(c, { tariff: { fixed_per_m2: 0.85, variable: 120 } })).toEqual([
      184, 100, 42.85, 60.49, 103.34, 5.17, 108.51,
    ]);
    const r = computeTari(c, { tariff: { fixed_per_m2: 0.85, variable: 120 } });
    expect(r.steps[0]).toEqual({
      rule: 'L. 147/2013 c. 641',
      amount: 184,
      text: 'Occupazione dal 01/07/2025 al 31/12/2025: 184 giorni su 365',
    });
    expect(r.steps.find((s) => s.text.startsWith('TEFA'))).toEqual({
      rule: 'D.Lgs. 504/1992 art. 19',
      amount: 5.17,
      text: 'TEFA: 103,34 × 5% = 5,17',
    });
  });

  it('charges businesses per m² for both parts, over 366 days in a leap year, with another TEFA rate', () => {
    const c: TariCase = { year: 2024, kind: 'non_domestica', surface_m2: 50, category: 12 };
    expect(figures(c, { tariff: { fixed_per_m2: 2, variable: 1.5 } })).toEqual([366, 50, 100, 75, 175, 8.75, 183.75]);
    expect(figures(c, { tariff: { fixed_per_m2: 2, variable: 1.5 }, tefa_percent: 0 })).toEqual([
      366, 50, 100, 75, 175, 0, 175,
    ]);
  });

  it('taxes 80% of the superficie catastale when the declared surface is below it (c. 646)', () => {
    const c: TariCase = { year: 2025, kind: 'domestica', surface_m2: 60, occupants: 1, superficie_catastale: 100 };
    expect(figures(c, { tariff: { fixed_per_m2: 1, variable: 100 } })).toEqual([365, 80, 80, 100, 180, 9, 189]);
    const r = computeTari(c, { tariff: { fixed_per_m2: 1, variable: 100 } });
    expect(r.steps.find((s) => s.rule === 'L. 147/2013 c. 646')!.amount).toBe(80);
    expect(computeTari({ ...c, surface_m2: 85 }, { tariff: { fixed_per_m2: 1, variable: 100 } }).surface_m2).toBe(85);
  });

  it("takes the comune's tariff of the year: variable by occupants (6 or more), business category pair", () => {
    const e617 = { tariffs: DEMO_TARI_TARIFFS.filter((t) => t.comune === 'E617') };
    const t2025 = DEMO_TARI_TARIFFS.find((t) => t.comune === 'E617' && t.year === 2025)!;
    const eight = computeTari({ year: 2025, kind: 'domestica', surface_m2: 100, occupants: 8 }, e617);
    expect(eight.variable).toBe(t2025.domestic_variable[5]);
    const shop = computeTari({ year: 2025, kind: 'non_domestica', surface_m2: 100, category: 12 }, e617);
    const [fixed, variable] = t2025.non_domestic['12']!;
    const per100 = (x: number) => Math.round(x * 10_000) / 100;
    expect([shop.fixed, shop.variable]).toEqual([per100(fixed), per100(variable)]);
  });

  it("keeps the previous year's tariff when the year has none (c. 169 L. 296/2006)", () => {
    const only2025 = { tariffs: DEMO_TARI_TARIFFS.filter((t) => t.comune === 'E617' && t.year === 2025) };
    const r = computeTari({ year: 2026, kind: 'domestica', surface_m2: 100, occupants: 2 }, only2025);
    expect(r.steps.find((s) => s.rule === 'L. 296/2006 c. 169')!.text).toMatch(
      /^Tariffe 2026 non deliberate: si applicano quelle del 2025/,
    );
  });

  it('refuses a household without occupants and a business without a category 1…30, naming the field', () => {
    const src = { tariff: { fixed_per_m2: 1, variable: 1 } };
    expect(() => computeTari({ year: 2025, kind: 'domestica', surface_m2: 10 }, src)).toThrow(
      expect.objectContaining({ code: 'validation_failed', details: [expect.objectContaining({ path: 'occupants' })] }),
    );
    expect(() => computeTari({ year: 2025, kind: 'non_domestica', surface_m2: 10, category: 31 }, src)).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'category' })] }),
    );
  });
});
