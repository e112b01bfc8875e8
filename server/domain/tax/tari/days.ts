// TARI is due per day of occupation: days held in the year, both ends included, over 365 or 366.
import { invalidError } from '../../../errors/domain-error.ts';
import { dayNumber, daysInYear, firstDay, isoDate, itDate, lastDay } from '../dates.ts';
import type { Step } from '../types.ts';

export function daysHeld(year: number, from?: string, to?: string): { days: number; ofYear: number; steps: Step[] } {
  const start = Math.max(from ? dayNumber(from, 'from') : firstDay(year), firstDay(year));
  const end = Math.min(to ? dayNumber(to, 'to') : lastDay(year), lastDay(year));
  if (from && to && dayNumber(from, 'from') > dayNumber(to, 'to')) {
    throw invalidError('Periodo non valido', [
      { path: 'from', message: 'la data di inizio è successiva a quella di fine' },
    ]);
  }
  const days = Math.max(0, end - start + 1);
  const ofYear = daysInYear(year);
  const span = days ? `dal ${itDate(isoDate(start))} al ${itDate(isoDate(end))}` : `nessun giorno del ${year}`;
  return {
    days,
    ofYear,
    steps: [{ rule: 'L. 147/2013 c. 641', amount: days, text: `Occupazione ${span}: ${days} giorni su ${ofYear}` }],
  };
}
