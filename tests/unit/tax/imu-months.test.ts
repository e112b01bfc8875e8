import { describe, expect, it } from 'vitest';
import { holdingMonths, monthsHeld } from '../../../server/domain/tax/imu/months.ts';
import { computeImu } from '../../../server/domain/tax/index.ts';

const months = (from: string, to: string) => holdingMonths(Number(from.slice(0, 4)), { from, to }).months;

describe('c. 761 month rule', () => {
  it('counts a month held more than half its days: 16 of 31 counts, 15 of 31 does not', () => {
    expect(months('2025-01-16', '2025-01-31')).toBe(1);
    expect(months('2025-01-17', '2025-01-31')).toBe(0);
    expect(months('2025-01-01', '2025-01-16')).toBe(1);
    expect(months('2025-01-01', '2025-01-15')).toBe(0);
  });

  it('gives a tie (15 of 30) to the buyer and not to the seller', () => {
    expect(months('2025-04-16', '2025-12-31')).toBe(9);
    expect(months('2025-01-01', '2025-04-15')).toBe(3);
    expect(monthsHeld(2025, '2025-04-16', '2025-12-31')[3]).toBe(true);
    expect(monthsHeld(2025, '2025-01-01', '2025-04-15')[3]).toBe(false);
  });

  it('gives 14 of 28 February days to the buyer, and counts 15 of 29 in a leap year', () => {
    expect(months('2025-02-15', '2025-02-28')).toBe(1);
    expect(months('2025-02-01', '2025-02-14')).toBe(0);
    expect(months('2024-02-15', '2024-02-29')).toBe(1);
    expect(months('2024-02-16', '2024-02-29')).toBe(0);
    expect(months('2024-02-01', '2024-02-15')).toBe(1);
    expect(months('2024-02-01', '2024-02-14')).toBe(0);
  });

  it('clips a holding to the year and takes a bare month count as given', () => {
    expect(holdingMonths(2025, { from: '2019-05-01', to: '2031-01-01' }).months).toBe(12);
    expect(holdingMonths(2025, { from: '2010-01-01', to: '2025-06-15' }).months).toBe(5);
    expect(holdingMonths(2025, { months: 7 }).months).toBe(7);
    expect(() => holdingMonths(2025, { months: 13 })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => holdingMonths(2025, { from: '2025-05-01', to: '2025-04-01' })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'from' })] }),
    );
  });

  it("reproduces the issue's example: A/2 900, 1.06%, share 0.5, 16/3–31/12/2025 → 10 months, €667.80", () => {
    const r = computeImu(
      {
        year: 2025,
        object: { kind: 'fabbricato', categoria: 'A/2', rendita: 900 },
        share: 0.5,
        period: { from: '2025-03-16', to: '2025-12-31' },
        flags: {},
      },
      { rate_percent: 1.06 },
    );
    expect([r.base, r.months, r.tax, r.comune_share, r.state_share]).toEqual([151_200, 10, 667.8, 667.8, 0]);
    expect(r.instalments).toEqual([
      { due: '2025-06-16', amount: 267.12 },
      { due: '2025-12-16', amount: 400.68 },
    ]);
    expect(r.f24).toEqual([{ code: '3918', amount: 668 }]);
    expect(r.steps.find((s) => s.text.startsWith('Imposta:'))).toEqual({
      rule: 'L. 160/2019 c. 761',
      amount: 667.8,
      text: 'Imposta: 151.200,00 × 1,06% × quota 0,5 × 10/12 = 667,80',
    });
  });
});
