// Codice fiscale of natural persons (DM 23/12/1976): 16 characters with a check character.
const ODD: Record<string, number> = {
  0: 1,
  1: 0,
  2: 5,
  3: 7,
  4: 9,
  5: 13,
  6: 15,
  7: 17,
  8: 19,
  9: 21,
  A: 1,
  B: 0,
  C: 5,
  D: 7,
  E: 9,
  F: 13,
  G: 15,
  H: 17,
  I: 19,
  J: 21,
  K: 2,
  L: 4,
  M: 18,
  N: 20,
  O: 11,
  P: 3,
  Q: 6,
  R: 8,
  S: 12,
  T: 14,
  U: 16,
  V: 10,
  W: 22,
  X: 25,
  Y: 24,
  Z: 23,
};
const MONTHS = 'ABCDEHLMPRST';
// Omocodia replaces digits with these letters; validation must accept them.
const OMOCODE = 'LMNPQRSTUV';
const SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

function evenValue(c: string): number {
  return c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
}

/** The check character for the first 15 characters. */
export function checkCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15[i]!;
    sum += i % 2 === 0 ? ODD[c]! : evenValue(c);
  }
  return String.fromCharCode(65 + (sum % 26));
}

export const CF_INVALID_FORMAT = 'formato non valido';
export const CF_INVALID_CHECK = 'carattere di controllo errato';

/** Check digit of an 11-digit fiscal code (legal persons, partita IVA). */
export function numericCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(first10[i]);
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10;
}

/** null when valid (16 characters for persons, 11 digits for legal persons), else the reason. */
export function codiceFiscaleError(cf: string): string | null {
  const s = cf.trim().toUpperCase();
  if (/^\d{11}$/.test(s)) return numericCheckDigit(s) === Number(s[10]) ? null : CF_INVALID_CHECK;
  if (!SHAPE.test(s)) return CF_INVALID_FORMAT;
  if (checkCharacter(s.slice(0, 15)) !== s[15]) return CF_INVALID_CHECK;
  return null;
}

export function isValidCodiceFiscale(cf: string): boolean {
  return codiceFiscaleError(cf) === null;
}

const VOWELS = /[AEIOU]/;
function letters(s: string): { cons: string[]; vows: string[] } {
  const up = s
    .toUpperCase()
    .normalize('NFD')
    .replace(/[^A-Z]/g, '');
  const cons: string[] = [];
  const vows: string[] = [];
  for (const c of up) (VOWELS.test(c) ? vows : cons).push(c);
  return { cons, vows };
}

function surnameCode(surname: string): string {
  const { cons, vows } = letters(surname);
  return [...cons, ...vows, 'X', 'X', 'X'].slice(0, 3).join('');
}

function nameCode(name: string): string {
  const { cons, vows } = letters(name);
  if (cons.length >= 4) return cons[0]! + cons[2]! + cons[3]!;
  return [...cons, ...vows, 'X', 'X', 'X'].slice(0, 3).join('');
}

export interface PersonData {
  surname: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string; // YYYY-MM-DD
  birthPlace: string; // Belfiore code
}

/** Computes the codice fiscale (without omocodia). */
export function computeCodiceFiscale(p: PersonData): string {
  const [y, m, d] = p.birthDate.split('-').map(Number) as [number, number, number];
  const day = d + (p.sex === 'F' ? 40 : 0);
  const first15 =
    surnameCode(p.surname) +
    nameCode(p.name) +
    String(y % 100).padStart(2, '0') +
    MONTHS[m - 1]! +
    String(day).padStart(2, '0') +
    p.birthPlace.toUpperCase();
  return first15 + checkCharacter(first15);
}

/** Applies omocodia level k (1..7): replaces the last k digits with letters, as the AdE does for clashes. */
export function omocode(cf: string, k: number): string {
  const chars = cf.slice(0, 15).split('');
  const digitPositions = [14, 13, 12, 10, 9, 7, 6];
  for (const pos of digitPositions.slice(0, k)) chars[pos] = OMOCODE[Number(chars[pos])]!;
  const first15 = chars.join('');
  return first15 + checkCharacter(first15);
}
