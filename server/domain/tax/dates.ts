// ISO calendar dates (YYYY-MM-DD) as day numbers, so that periods are plain integer ranges.
import { invalidError } from '../../errors/domain-error.ts';

const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01; throws on a malformed or impossible date (2025-02-30). */
export function dayNumber(iso: string, field = 'data'): number {
  const m = ISO.exec(iso);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalidError('Data non valida', [{ path: field, message: `data non valida: ${iso} (formato AAAA-MM-GG)` }]);
  }
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function isoDate(day: number): string {
  // Built from the UTC fields: toISOString() costs a tenth of an audit run.
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Month 1…12. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!;
}

export function daysInYear(year: number): number {
  return daysInMonth(year, 2) === 29 ? 366 : 365;
}

export function firstDay(year: number, month = 1): number {
  return Date.UTC(year, month - 1, 1) / DAY_MS;
}

export function lastDay(year: number, month = 12): number {
  return firstDay(year, month) + daysInMonth(year, month) - 1;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

/** "16/03/2025" for texts meant for taxpayers. */
export function itDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
