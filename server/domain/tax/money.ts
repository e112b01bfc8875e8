// Rounding and Italian formatting of amounts. Rounding goes through 15 significant digits first so that
// binary noise (1602.7200000000003) never tips a half cent: the law rounds the decimal figure.

const clean = (x: number) => Number(x.toPrecision(15));

/** Math.round of a non-negative figure, through 15 significant digits only near a half, where noise can tip
 * it: elsewhere the plain rounding is the same and ten times cheaper (the audit rounds millions of figures). */
function roundHalfUp(x: number): number {
  const fraction = x - Math.floor(x);
  return Math.abs(fraction - 0.5) < 1e-6 ? Math.round(clean(x)) : Math.round(x);
}

/** To the cent, half away from zero. */
export function cents(x: number): number {
  const v = roundHalfUp(Math.abs(x) * 100) / 100;
  return x < 0 ? -v : v;
}

/** To the euro as on the F24 (from 0.50 up), half away from zero. */
export function euros(x: number): number {
  const v = roundHalfUp(Math.abs(x));
  return x < 0 ? -v : v;
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** 151200 → "151.200,00" */
export function eur(x: number): string {
  const [int, dec] = cents(Math.abs(x)).toFixed(2).split('.') as [string, string];
  return `${x < 0 ? '−' : ''}${group(int)},${dec}`;
}

/** A plain number in Italian notation with only the decimals it has: 1.05 → "1,05", 0.5 → "0,5". */
export function num(x: number): string {
  const [int, dec] = String(clean(x)).split('.') as [string, string | undefined];
  return dec ? `${group(int)},${dec}` : group(int);
}

/** A rate in percent: 1.06 → "1,06%". */
export function pct(x: number): string {
  return `${num(x)}%`;
}
