// c. 161 L. 296/2006: a year's tax can be claimed until 31 December of the fifth year after the year in
// which it was due.
import { dayNumber, itDate } from '../dates.ts';
import { LIMITATION } from '../national.ts';
import type { LimitationResult } from '../types.ts';

export function limitation(taxYear: number, asOf: string): LimitationResult {
  const until = `${taxYear + LIMITATION.years}-12-31`;
  const claimable = dayNumber(asOf, 'as_of') <= dayNumber(until);
  return {
    claimable_until: until,
    claimable,
    steps: [
      {
        rule: LIMITATION.source,
        text:
          `Imposta ${taxYear} accertabile fino al ${itDate(until)}: al ${itDate(asOf)} ` +
          (claimable ? 'ancora accertabile' : 'termine decorso'),
      },
    ],
  };
}

/** The tax years still claimable on a date (oldest first, up to that year). */
export function claimableYears(asOf: string): number[] {
  const year = Number(asOf.slice(0, 4));
  return Array.from({ length: LIMITATION.years + 1 }, (_, i) => year - LIMITATION.years + i).filter(
    (y) => limitation(y, asOf).claimable,
  );
}
