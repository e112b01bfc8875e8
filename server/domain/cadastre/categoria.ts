// Cadastral categories (Catasto Fabbricati). Census files write them without the slash ("A2").
const GROUP_SIZE: Record<string, number> = { A: 11, B: 8, C: 7, D: 10, E: 9, F: 7 };

/** Normalises "A2", "a/2", "A02" to "A/2"; returns null when it is not a real category. */
export function normaliseCategoria(input: string): string | null {
  const m = /^\s*([A-Fa-f])\s*\/?\s*0*(\d{1,2})\s*$/.exec(input);
  if (!m) return null;
  const group = m[1]!.toUpperCase();
  const n = Number(m[2]);
  if (n < 1 || n > GROUP_SIZE[group]!) return null;
  return `${group}/${n}`;
}
