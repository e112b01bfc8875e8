// Numbers as Italians type them: «12,5» or «12.5»; anything else is refused, never read as nothing.

/** An optional sign, digits, and at most one decimal part with a comma or a point. */
export const NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;

/** A typed number: null when empty, the number, or 'invalid' for text that is not one («abc», «1.2.3»). */
export function typedNumber(raw: string): number | null | 'invalid' {
  const s = raw.trim();
  if (s === '') return null;
  return NUMBER.test(s) ? Number(s.replace(',', '.')) : 'invalid';
}
