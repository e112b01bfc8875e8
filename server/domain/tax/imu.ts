// IMU, L. 160/2019 art. 1. Rates are per-comune, per-year configuration: they come in as arguments.

/** c. 745 multipliers by cadastral category. */
export function imuMultiplier(categoria: string): number {
  const [group, n] = [categoria.charAt(0), Number(categoria.slice(2))];
  if (categoria === 'A/10' || categoria === 'D/5') return 80;
  if (group === 'A' || categoria === 'C/2' || categoria === 'C/6' || categoria === 'C/7') return 160;
  if (group === 'B' || (group === 'C' && n >= 3 && n <= 5)) return 140;
  if (group === 'D') return 65;
  if (categoria === 'C/1') return 55;
  return 0; // E and F: no taxable base from rendita
}

/** c. 745: rendita × 1.05 × multiplier. */
export function imuBase(rendita: number, categoria: string): number {
  return rendita * 1.05 * imuMultiplier(categoria);
}

/** c. 746: agricultural land, reddito dominicale × 1.25 × 135. */
export function imuBaseTerreno(redditoDominicale: number): number {
  return redditoDominicale * 1.25 * 135;
}

/** c. 740: main home is exempt unless luxury (A/1, A/8, A/9). */
export function isMainHomeExempt(categoria: string): boolean {
  return categoria.startsWith('A/') && !['A/1', 'A/8', 'A/9', 'A/10'].includes(categoria);
}

/** c. 761: tax = base × rate × share × months/12, rounded to the cent. `rate` in percent (1.06 = 1.06%). */
export function imuTax(base: number, ratePercent: number, share: number, months = 12): number {
  return Math.round(base * (ratePercent / 100) * share * (months / 12) * 100) / 100;
}
