// The first IMU helpers, kept for their callers (generator, dossier); the engine is computeImu in imu/.
import { DOMINICALE_REVALUATION, LAND_MULTIPLIER, multiplier, RENDITA_REVALUATION } from './imu/base.ts';
import { isDwelling, isLuxury } from './imu/categoria.ts';
import { cents } from './money.ts';

/** c. 745 multipliers by cadastral category. */
export const imuMultiplier = multiplier;

/** c. 745: rendita × 1.05 × multiplier. */
export function imuBase(rendita: number, categoria: string): number {
  return rendita * RENDITA_REVALUATION * multiplier(categoria);
}

/** c. 746: agricultural land, reddito dominicale × 1.25 × 135. */
export function imuBaseTerreno(redditoDominicale: number): number {
  return redditoDominicale * DOMINICALE_REVALUATION * LAND_MULTIPLIER;
}

/** c. 740: main home is exempt unless luxury (A/1, A/8, A/9). */
export function isMainHomeExempt(categoria: string): boolean {
  return isDwelling(categoria) && !isLuxury(categoria);
}

/** c. 761: tax = base × rate × share × months/12, rounded to the cent. `rate` in percent (1.06 = 1.06%). */
export function imuTax(base: number, ratePercent: number, share: number, months = 12): number {
  return cents(base * (ratePercent / 100) * share * (months / 12));
}
