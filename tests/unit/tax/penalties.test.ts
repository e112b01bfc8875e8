import { describe, expect, it } from 'vitest';
import { claimableYears, lateInterest, limitation, sanction } from '../../../server/domain/tax/index.ts';

const late = (due: string, paid_on?: string) => sanction({ kind: 'omesso_versamento', tax: 1000, due, paid_on });

describe('sanctions', () => {
  it('applies 30% to payments due until 31 August 2024: halved within 90 days, 1% a day within 14', () => {
    expect([late('2024-06-17').percent, late('2024-06-17').amount]).toEqual([30, 300]);
    expect(late('2024-06-17', '2024-06-20').amount).toBe(30);
    expect(late('2024-06-17', '2024-07-01').amount).toBe(140);
    expect(late('2024-06-17', '2024-07-02').amount).toBe(150);
    expect(late('2024-06-17', '2024-09-15').amount).toBe(150);
    expect(late('2024-06-17', '2024-09-16').amount).toBe(300);
    expect(late('2024-06-17', '2024-06-17').amount).toBe(0);
    expect(late('2024-06-17').steps[0]!.rule).toBe(
      'D.Lgs. 471/1997 art. 13 c. 1 (testo modificato dal D.Lgs. 158/2015)',
    );
  });

  it('applies 25% from 1 September 2024 (D.Lgs. 87/2024): halved within 90 days, 1/15 a day within 15', () => {
    expect(late('2024-12-16').amount).toBe(250);
    expect(late('2024-12-16', '2024-12-19').amount).toBe(25);
    expect(late('2024-12-16', '2024-12-31').amount).toBe(125);
    expect(late('2024-12-16', '2025-03-16').amount).toBe(125);
    expect(late('2024-12-16', '2025-03-17').amount).toBe(250);
    expect(late('2024-12-16').steps[0]!.rule).toBe(
      'D.Lgs. 471/1997 art. 13 c. 1 (testo modificato dal D.Lgs. 87/2024)',
    );
  });

  it('takes the minimum of the declaration ranges by default, at least €50, citing IMU or TARI law', () => {
    const omessa = sanction({ kind: 'omessa_dichiarazione', tax: 1000, tributo: 'IMU' });
    expect([omessa.percent, omessa.amount, omessa.steps[0]!.rule]).toEqual([100, 1000, 'L. 160/2019 art. 1 c. 775']);
    expect(sanction({ kind: 'omessa_dichiarazione', tax: 1000, tributo: 'TARI', percent: 200 }).amount).toBe(2000);
    expect(sanction({ kind: 'omessa_dichiarazione', tax: 30, tributo: 'IMU' }).amount).toBe(50);
    const infedele = sanction({ kind: 'infedele_dichiarazione', tax: 200, tributo: 'TARI' });
    expect([infedele.percent, infedele.amount, infedele.steps[0]!.rule]).toEqual([
      50,
      100,
      'L. 147/2013 art. 1 c. 697',
    ]);
    expect(() => sanction({ kind: 'infedele_dichiarazione', tax: 200, tributo: 'IMU', percent: 150 })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'percent' })] }),
    );
  });
});

describe('interest and limitation', () => {
  it('accrues each calendar year at its own legal rate, day by day over 365', () => {
    const r = lateInterest({ amount: 1000, due: '2023-12-18', as_of: '2025-06-30' });
    expect([r.days, r.amount]).toEqual([560, 36.77]);
    expect(r.steps.slice(0, 3).map((s) => s.amount)).toEqual([1.78, 25.07, 9.92]);
    expect(r.steps[1]!.text).toBe('Interessi 2024: 1.000,00 × 2,5% × 366/365 = 25,07');
  });

  it("adds the comune's spread, never below zero, within ±3 points", () => {
    // 15 days of 2024 at 3.5% (1.44) and 350 days of 2025 at 3% (28.77)
    const spread = lateInterest({ amount: 1000, due: '2024-12-16', as_of: '2025-12-16', spread: 1 });
    expect(spread.amount).toBe(30.21);
    expect(spread.steps[0]!.text).toBe('Interessi 2024: 1.000,00 × (2,5% + 1 punto) × 15/365 = 1,44');
    expect(lateInterest({ amount: 1000, due: '2021-06-16', as_of: '2021-12-31', spread: -3 }).amount).toBe(0);
    expect(lateInterest({ amount: 1000, due: '2025-06-16', as_of: '2025-06-16' }).amount).toBe(0);
    expect(() => lateInterest({ amount: 1000, due: '2025-06-16', as_of: '2025-12-16', spread: 3.5 })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'spread' })] }),
    );
  });

  it('lets a year be claimed until 31 December of the fifth year after (c. 161 L. 296/2006)', () => {
    expect(limitation(2021, '2026-12-31')).toMatchObject({ claimable_until: '2026-12-31', claimable: true });
    expect(limitation(2021, '2027-01-01').claimable).toBe(false);
    expect(claimableYears('2026-06-30')).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
  });
});
