import { describe, expect, it } from 'vitest';
import { imuBase, imuBaseTerreno, imuMultiplier, imuTax, isMainHomeExempt } from '../../server/domain/tax/imu.ts';

describe('IMU (L. 160/2019)', () => {
  it('reproduces the worked example of domain.md: A/2, rendita 900, 1.06% → €1,602.72', () => {
    expect(imuBase(900, 'A/2')).toBeCloseTo(151_200, 6);
    expect(imuTax(imuBase(900, 'A/2'), 1.06, 1)).toBe(1602.72);
  });
  it('uses the c. 745 multipliers', () => {
    expect([
      imuMultiplier('A/3'),
      imuMultiplier('C/6'),
      imuMultiplier('B/5'),
      imuMultiplier('C/3'),
      imuMultiplier('A/10'),
      imuMultiplier('D/5'),
      imuMultiplier('D/1'),
      imuMultiplier('C/1'),
    ]).toEqual([160, 160, 140, 140, 80, 80, 65, 55]);
  });
  it('scales by share and months; agricultural land base', () => {
    expect(imuTax(100_000, 1, 0.5, 6)).toBe(250);
    expect(imuBaseTerreno(100)).toBe(16_875);
  });
  it('exempts main homes except A/1, A/8, A/9', () => {
    expect(isMainHomeExempt('A/2')).toBe(true);
    expect(isMainHomeExempt('A/8')).toBe(false);
    expect(isMainHomeExempt('C/6')).toBe(false);
  });
});
