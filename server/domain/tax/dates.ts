// ISO calendar dates (YYYY-MM-DD) as day numbers, so that periods are plain integer ranges.
import { invalidError } from '../../errors/domain-error.ts';

const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01; throws on a malformed or impossible date (2025-02-30). */
export function dayNumber(iso: string, field = 'data'): number {
  const m = ISO.exec(iso);
  const n = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : NaN;
  if (!m || Number.isNaN(n) || isoDate(n) !== iso) {
    throw invalidError('Data non valida', [{ path: field, message: `data non valida: ${iso} (formato AAAA-MM-GG)` }]);
  }
  return n;
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Month 1…12. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
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
