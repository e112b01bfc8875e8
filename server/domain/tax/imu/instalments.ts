// c. 762: the first instalment is due 16 June (computed in compute.ts), the balance 16 December. A due date
// on Saturday or Sunday moves to the Monday (art. 7 c. 1 lett. h DL 70/2011).
import { dayNumber, isoDate, itDate, weekday } from '../dates.ts';
import { cents, eur } from '../money.ts';
import type { Step } from '../types.ts';

/** The due date of the 16th of a month, moved past a weekend. */
export function dueDate(year: number, month: number): string {
  const day = dayNumber(`${year}-${String(month).padStart(2, '0')}-16`);
  const shift = { 6: 2, 0: 1 }[weekday(day)] ?? 0;
  return isoDate(day + shift);
}

/** The two instalments: `first` (computed by the caller under c. 762) and the balance of the year's tax. */
export function instalments(
  year: number,
  tax: number,
  first: number,
  basis: string,
): { instalments: { due: string; amount: number }[]; steps: Step[] } {
  const balance = cents(tax - first);
  const june = dueDate(year, 6);
  const december = dueDate(year, 12);
  return {
    instalments: [
      { due: june, amount: first },
      { due: december, amount: balance },
    ],
    steps: [
      { rule: 'L. 160/2019 c. 762', amount: first, text: `Acconto entro il ${itDate(june)} (${basis}): ${eur(first)}` },
      { rule: 'L. 160/2019 c. 762', amount: balance, text: `Saldo entro il ${itDate(december)}: ${eur(balance)}` },
    ],
  };
}
