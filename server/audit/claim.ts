// What the comune can claim for a year's shortfall on the run date: the shortfall of the instalments
// already due, the sanction of the violation and the interest, all from the engine; nothing once the
// year is time-barred (c. 161 L. 296/2006).
import { dueDate, lateInterest, limitation, sanction } from '../domain/tax/index.ts';
import { cents } from '../domain/tax/money.ts';
import type { Step } from '../domain/tax/types.ts';

export type Violation = 'omesso_versamento' | 'omessa_dichiarazione' | 'infedele_dichiarazione';
export type Tributo = 'IMU' | 'TARI';

export interface Claim { claimable_eur: number; steps: Step[] }

/** IMU falls due half with the acconto (16 June) and half with the saldo (16 December, c. 762); TARI, for
 * the audit, with one instalment on 16 December (comuni set their own dates). */
function instalmentsOf(shortfall: number, year: number, tributo: Tributo): { due: string; amount: number }[] {
  if (tributo === 'TARI') return [{ due: dueDate(year, 12), amount: shortfall }];
  const first = cents(shortfall / 2);
  return [{ due: dueDate(year, 6), amount: first }, { due: dueDate(year, 12), amount: cents(shortfall - first) }];
}

export function claimOf(shortfall: number, year: number, tributo: Tributo, violation: Violation, asOf: string,
  spread: number): Claim {
  const lim = limitation(year, asOf);
  const steps: Step[] = [...lim.steps];
  if (!lim.claimable || shortfall <= 0) return { claimable_eur: 0, steps };
  const overdue = instalmentsOf(shortfall, year, tributo).filter((i) => i.due < asOf);
  if (overdue.length === 0) {
    steps.push({ rule: 'L. 160/2019 c. 762', amount: 0, text: 'Nessuna rata ancora scaduta alla data della verifica' });
    return { claimable_eur: 0, steps };
  }
  const tax = cents(overdue.reduce((a, i) => a + i.amount, 0));
  const sanctions = violation === 'omesso_versamento'
    ? overdue.map((i) => sanction({ kind: 'omesso_versamento', tax: i.amount, due: i.due }))
    : [sanction({ kind: violation, tax, tributo })];
  const interest = overdue.map((i) => lateInterest({ amount: i.amount, due: i.due, as_of: asOf, spread }));
  for (const r of [...sanctions, ...interest]) steps.push(...r.steps);
  const total = cents(tax + sanctions.reduce((a, r) => a + r.amount, 0) + interest.reduce((a, r) => a + r.amount, 0));
  steps.push({ rule: 'L. 296/2006 c. 161–165', amount: total,
    text: `Recuperabile: imposta scaduta, sanzione e interessi al ${asOf.split('-').reverse().join('/')}` });
  return { claimable_eur: total, steps };
}
