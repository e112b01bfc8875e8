import { describe, expect, it } from 'vitest';
import { computeImu, type ImuCase, type ImuObject } from '../../../server/domain/tax/index.ts';

const whole = (object: ImuObject): ImuCase => ({ year: 2025, object, share: 1, period: { months: 12 }, flags: {} });
const building = (categoria: string, rendita = 1000) =>
  computeImu(whole({ kind: 'fabbricato', categoria, rendita }), { rate_percent: 1.06 });

describe('IMU base (L. 160/2019 c. 745–746)', () => {
  it("reproduces domain.md's worked example: A/2, rendita 900, 1.06%, 12 months → 151,200, €1,602.72", () => {
    const r = building('A/2', 900);
    expect([r.base, r.months, r.tax, r.comune_share, r.state_share]).toEqual([151_200, 12, 1602.72, 1602.72, 0]);
    expect(r.f24).toEqual([{ code: '3918', amount: 1603 }]);
    expect(r.steps[0]).toEqual({
      rule: 'L. 160/2019 c. 745',
      amount: 151_200,
      text: 'Base imponibile: rendita 900,00 × 1,05 × 160 = 151.200,00',
    });
  });

  it("applies each category group's multiplier to rendita × 1.05", () => {
    const cats = [
      'A/3',
      'A/11',
      'C/2',
      'C/6',
      'C/7',
      'B/1',
      'B/8',
      'C/3',
      'C/4',
      'C/5',
      'A/10',
      'D/5',
      'D/1',
      'D/8',
      'C/1',
    ];
    const bases = Object.fromEntries(cats.map((cat) => [cat, building(cat).base]));
    expect(bases).toEqual({
      'A/3': 168_000,
      'A/11': 168_000,
      'C/2': 168_000,
      'C/6': 168_000,
      'C/7': 168_000,
      'B/1': 147_000,
      'B/8': 147_000,
      'C/3': 147_000,
      'C/4': 147_000,
      'C/5': 147_000,
      'A/10': 84_000,
      'D/5': 84_000,
      'D/1': 68_250,
      'D/8': 68_250,
      'C/1': 57_750,
    });
  });

  it('gives groups E and F no base: exempt with a step', () => {
    for (const cat of ['E/1', 'F/2', 'F/3']) {
      const r = building(cat);
      expect([r.base, r.tax, r.exempt, r.f24.length]).toEqual([0, 0, true, 0]);
      expect(r.steps[0]!.text).toContain(`Categoria ${cat}: nessun moltiplicatore`);
    }
  });

  it('normalises census categories (A2 → A/2) and refuses unknown ones naming the field', () => {
    expect(building('A2', 900).tax).toBe(1602.72);
    expect(() => building('A/12')).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: [expect.objectContaining({ path: 'object.categoria' })],
      }),
    );
  });

  it('taxes agricultural land on reddito dominicale × 1.25 × 135 (code 3914)', () => {
    const r = computeImu(whole({ kind: 'terreno_agricolo', reddito_dominicale: 300 }), { rate_percent: 0.76 });
    expect([r.base, r.tax]).toEqual([50_625, 384.75]);
    expect(r.f24).toEqual([{ code: '3914', amount: 385 }]);
  });

  it('taxes building land on its market value (code 3916)', () => {
    const r = computeImu(whole({ kind: 'area_fabbricabile', valore_venale: 200_000 }), { rate_percent: 0.86 });
    expect([r.base, r.tax]).toEqual([200_000, 1720]);
    expect(r.f24).toEqual([{ code: '3916', amount: 1720 }]);
  });

  it('rounds to the cent half away from zero without float noise (57,750 × 0.93% = 537.075 → 537.08)', () => {
    const shop = computeImu(whole({ kind: 'fabbricato', categoria: 'C/1', rendita: 1000 }), { rate_percent: 0.93 });
    expect(shop.tax).toBe(537.08);
  });
});
