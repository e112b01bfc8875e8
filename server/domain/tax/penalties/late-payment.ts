// Omesso o insufficiente versamento (D.Lgs. 471/1997 art. 13): a rate by the regime in force on the due
// date; halved when paid within 90 days; within 14 days (15 from 1 September 2024) 1/15 of the halved
// rate for each day of delay.
import { invalidError } from '../../../errors/domain-error.ts';
import { dayNumber, itDate } from '../dates.ts';
import { cents, eur, pct } from '../money.ts';
import { LATE_PAYMENT_REGIMES, type LatePaymentRegime } from '../national.ts';
import type { SanctionResult } from '../types.ts';

export function regimeOn(due: string): LatePaymentRegime {
  const day = dayNumber(due, 'due');
  const r = LATE_PAYMENT_REGIMES.find((x) => dayNumber(x.from) <= day && (x.to === null || day <= dayNumber(x.to)));
  if (!r) {
    throw invalidError('Scadenza non coperta', [{ path: 'due', message: `nessun regime sanzionatorio per ${due}` }]);
  }
  return r;
}

export function latePaymentSanction(tax: number, due: string, paidOn?: string | null): SanctionResult {
  const r = regimeOn(due);
  const rule = r.source;
  const delay = paidOn ? dayNumber(paidOn, 'paid_on') - dayNumber(due, 'due') : null;
  if (delay !== null && delay <= 0) {
    return {
      percent: 0,
      amount: 0,
      steps: [{ rule, amount: 0, text: `Versamento nei termini (${itDate(paidOn!)}): nessuna sanzione` }],
    };
  }
  const half = r.percent / 2;
  let percent = r.percent;
  let why = delay === null ? 'versamento omesso' : `versamento con ${delay} giorni di ritardo`;
  if (delay !== null && delay <= r.dailyWithinDays) {
    percent = (half / 15) * delay;
    why += ` (entro ${r.dailyWithinDays} giorni: 1/15 di ${pct(half)} per giorno)`;
  } else if (delay !== null && delay <= r.halfWithinDays) {
    percent = half;
    why += ` (entro ${r.halfWithinDays} giorni: metà)`;
  }
  const amount = cents((tax * percent) / 100);
  return {
    percent,
    amount,
    steps: [
      {
        rule,
        amount,
        text:
          `Sanzione per ${why}: ${eur(tax)} × ${pct(Number(percent.toFixed(4)))} = ${eur(amount)} ` +
          `(scadenza ${itDate(due)}, sanzione piena ${pct(r.percent)})`,
      },
    ],
  };
}
