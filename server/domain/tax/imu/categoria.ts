// Cadastral categories of the Catasto Fabbricati: A/1–A/11, B/1–B/8, C/1–C/7, D/1–D/10, E/1–E/9, F/1–F/7.
const MAX: Record<string, number> = { A: 11, B: 8, C: 7, D: 10, E: 9, F: 7 };

/** "A2", "a/2", "A/02" → "A/2"; null when not a category. */
export function normalizeCategoria(raw: string): string | null {
  const m = /^([A-F])\/?0?(\d{1,2})$/i.exec(raw.trim());
  if (!m) return null;
  const group = m[1]!.toUpperCase();
  const n = Number(m[2]);
  return n >= 1 && n <= MAX[group]! ? `${group}/${n}` : null;
}

export const isDwelling = (cat: string) => cat.startsWith('A/') && cat !== 'A/10';
export const isLuxury = (cat: string | undefined) => cat === 'A/1' || cat === 'A/8' || cat === 'A/9';
/** The three categories of which the main home may have one exempt pertinenza each (c. 741 lett. b). */
export const isPertinenzaCategory = (cat: string) => cat === 'C/2' || cat === 'C/6' || cat === 'C/7';
export const isGroupD = (cat: string) => cat.startsWith('D/');
