// c. 762: the first instalment, due 16 June, is the tax for the months of January–June held; the balance is
// due 16 December. A due date on Saturday or Sunday moves to the Monday (art. 7 c. 1 lett. h DL 70/2011).
import { dayNumber, isoDate, itDate, weekday } from '../dates.ts';
import { cents, eur } from '../money.ts';
import type { Step } from '../types.ts';

/** The due date of the 16th of a month, moved past a weekend. */
export function dueDate(year: number, month: number): string {
  const day = dayNumber(`${year}-${String(month).padStart(2, '0')}-16`);
  const shift = { 6: 2, 0: 1 }[weekday(day)] ?? 0;
  return isoDate(day + shift);
}

export function instalments(year: number, tax: number, months: number, firstHalf: number | null):
  { instalments: { due: string; amount: number }[]; steps: Step[] } {
  // A bare month count does not say which months: the first instalment is then half the tax.
  const first = months === 0 ? 0 : cents(firstHalf === null ? tax / 2 : tax * firstHalf / months);
  const balance = cents(tax - first);
  const june = dueDate(year, 6);
  const december = dueDate(year, 12);
  const basis = firstHalf === null ? 'metà dell\'imposta annua' : `${firstHalf} mesi del primo semestre su ${months}`;
  return {
    instalments: [{ due: june, amount: first }, { due: december, amount: balance }],
    steps: [
      { rule: 'L. 160/2019 c. 762', amount: first, text: `Acconto entro il ${itDate(june)} (${basis}): ${eur(first)}` },
      { rule: 'L. 160/2019 c. 762', amount: balance, text: `Saldo entro il ${itDate(december)}: ${eur(balance)}` },
    ],
  };
}
