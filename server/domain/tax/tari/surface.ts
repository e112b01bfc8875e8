// c. 646 L. 147/2013: for urban units the taxable surface may not be below 80% of the superficie catastale
// (DPR 138/1998).
import { cents, num } from '../money.ts';
import type { Step } from '../types.ts';

export const CATASTALE_FLOOR_PERCENT = 80;

export function taxableSurface(declared: number, catastale?: number): { surface: number; steps: Step[] } {
  if (catastale === undefined) return { surface: declared, steps: [] };
  const floor = cents((catastale * CATASTALE_FLOOR_PERCENT) / 100);
  if (declared >= floor) {
    return {
      surface: declared,
      steps: [
        {
          rule: 'L. 147/2013 c. 646',
          amount: declared,
          text:
            `Superficie dichiarata ${num(declared)} m² non inferiore all'80% della catastale ` + `(${num(floor)} m²)`,
        },
      ],
    };
  }
  return {
    surface: floor,
    steps: [
      {
        rule: 'L. 147/2013 c. 646',
        amount: floor,
        text:
          `Superficie dichiarata ${num(declared)} m² inferiore all'80% della superficie catastale ` +
          `${num(catastale)} m²: ` +
          `si assoggettano ${num(floor)} m²`,
      },
    ],
  };
}
