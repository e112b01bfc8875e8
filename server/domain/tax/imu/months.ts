// c. 761: a month counts when held for more than half of its days; the transfer day is the buyer's, and a
// month held for exactly half its days goes to the buyer (the holder whose period starts inside it).
import { invalidError } from '../../../errors/domain-error.ts';
import { dayNumber, daysInMonth, firstDay, isoDate, itDate, lastDay } from '../dates.ts';
import type { ImuPeriod, Step } from '../types.ts';

const MONTH_NAMES = [
  'gennaio',
  'febbraio',
  'marzo',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'agosto',
  'settembre',
  'ottobre',
  'novembre',
  'dicembre',
];

function clip(year: number, from: string, to: string): [number, number] {
  return [Math.max(dayNumber(from, 'from'), firstDay(year)), Math.min(dayNumber(to, 'to'), lastDay(year))];
}

export interface Months {
  months: number;
  /** Months of January–June held (c. 762 first instalment); null when the period is a bare count. */
  firstHalf: number | null;
  steps: Step[];
}

/** Which months of the year a holding from `from` to `to` (both included, clipped to the year) counts for. */
export function monthsHeld(year: number, from: string, to: string): boolean[] {
  const [start, end] = clip(year, from, to);
  return MONTH_NAMES.map((_, i) => {
    const [m0, m1] = [firstDay(year, i + 1), lastDay(year, i + 1)];
    const held = Math.min(end, m1) - Math.max(start, m0) + 1;
    if (held <= 0) return false;
    const twice = held * 2;
    const len = daysInMonth(year, i + 1);
    if (twice !== len) return twice > len;
    return start > m0 && start <= m1; // a tie: the buyer's month
  });
}

export function holdingMonths(year: number, period: ImuPeriod): Months {
  if ('months' in period) {
    if (!Number.isInteger(period.months) || period.months < 0 || period.months > 12) {
      throw invalidError('Mesi non validi', [{ path: 'months', message: 'i mesi di possesso vanno da 0 a 12' }]);
    }
    return {
      months: period.months,
      firstHalf: null,
      steps: [
        { rule: 'L. 160/2019 c. 761', amount: period.months, text: `Mesi di possesso indicati: ${period.months}` },
      ],
    };
  }
  if (dayNumber(period.from, 'from') > dayNumber(period.to, 'to')) {
    throw invalidError('Periodo non valido', [
      { path: 'from', message: 'la data di inizio è successiva a quella di fine' },
    ]);
  }
  const held = monthsHeld(year, period.from, period.to);
  const months = held.filter(Boolean).length;
  const firstHalf = held.slice(0, 6).filter(Boolean).length;
  const names = MONTH_NAMES.filter((_, i) => held[i]);
  const [start, end] = clip(year, period.from, period.to);
  const span = start > end ? `nessun giorno del ${year}` : `dal ${itDate(isoDate(start))} al ${itDate(isoDate(end))}`;
  return {
    months,
    firstHalf,
    steps: [
      {
        rule: 'L. 160/2019 c. 761',
        amount: months,
        text:
          `Possesso ${span}: ${months} mesi (un mese conta se posseduto per più della metà dei giorni; ` +
          `a parità è dell'acquirente)${names.length ? `: ${names.join(', ')}` : ''}`,
      },
    ],
  };
}
