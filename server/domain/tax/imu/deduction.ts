// c. 749: the main home in A/1, A/8, A/9 deducts €200 (or what the comune sets), scaled by the months of
// the year it is the main home and by the share; never more than the tax.
import { cents, eur, num } from '../money.ts';
import type { Step } from '../types.ts';

export function mainHomeDeduction(
  tax: number,
  yearly: number,
  months: number,
  share: number,
): { deduction: number; steps: Step[] } {
  const full = cents(((yearly * months) / 12) * share);
  const deduction = Math.min(full, tax);
  const cap = deduction < full ? ` (limitata all'imposta, ${eur(deduction)})` : '';
  return {
    deduction,
    steps: [
      {
        rule: 'L. 160/2019 c. 749',
        amount: deduction,
        text:
          `Detrazione abitazione principale: ${eur(yearly)} × ${months}/12 × quota ${num(share)} = ` +
          `${eur(full)}${cap}`,
      },
    ],
  };
}
