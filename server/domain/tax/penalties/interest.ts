// Interest on a shortfall: the legal rate of each calendar year plus the comune's spread (at most ±3 points,
// c. 165 L. 296/2006), accrued day by day from the day after the due date to the as-of date (days/365).
import { invalidError } from '../../../errors/domain-error.ts';
import { dayNumber, firstDay, isoDate, itDate, lastDay } from '../dates.ts';
import { cents, eur, num, pct } from '../money.ts';
import { INTEREST_SPREAD_LIMIT, LEGAL_INTEREST } from '../national.ts';
import type { InterestCase, InterestResult, Step } from '../types.ts';

export function lateInterest(c: InterestCase): InterestResult {
  const spread = c.spread ?? 0;
  if (Math.abs(spread) > INTEREST_SPREAD_LIMIT.points) {
    throw invalidError('Maggiorazione non valida', [
      {
        path: 'spread',
        message: `la maggiorazione va da −${INTEREST_SPREAD_LIMIT.points} a +${INTEREST_SPREAD_LIMIT.points} punti`,
      },
    ]);
  }
  const start = dayNumber(c.due, 'due') + 1;
  const end = dayNumber(c.as_of, 'as_of');
  const steps: Step[] = [];
  let total = 0;
  for (let y = Number(isoDate(start).slice(0, 4)); start <= end && y <= Number(c.as_of.slice(0, 4)); y++) {
    const days = Math.min(end, lastDay(y)) - Math.max(start, firstDay(y)) + 1;
    const legal = LEGAL_INTEREST[y];
    if (!legal) {
      throw invalidError('Tasso non disponibile', [{ path: 'as_of', message: `tasso legale ${y} non disponibile` }]);
    }
    const rate = Math.max(0, legal.percent + spread);
    const amount = cents((((c.amount * rate) / 100) * days) / 365);
    total = cents(total + amount);
    const points = Math.abs(spread);
    const shown = spread
      ? `(${pct(legal.percent)} ${spread > 0 ? '+' : '−'} ${num(points)} punt${points === 1 ? 'o' : 'i'})`
      : pct(legal.percent);
    steps.push({
      rule: `art. 1284 c.c., ${legal.source}; ${INTEREST_SPREAD_LIMIT.source}`,
      amount,
      text: `Interessi ${y}: ${eur(c.amount)} × ${shown} × ${days}/365 = ${eur(amount)}`,
    });
  }
  const days = Math.max(0, end - start + 1);
  steps.push({
    rule: INTEREST_SPREAD_LIMIT.source,
    amount: total,
    text: days
      ? `Interessi dal ${itDate(isoDate(start))} al ${itDate(c.as_of)} (${days} giorni): ${eur(total)}`
      : 'Nessun interesse: la data di riferimento non supera la scadenza',
  });
  return { days, amount: total, steps };
}
