// Cadastral references as users type them: "12/345", "12/345/3", "fg 12 part 345 sub 3".
export interface CadastralRef {
  foglio: string;
  particella: string;
  subalterno?: string;
}

// foglio, separator, particella, then an optional separator and subalterno (one regular expression, split to read)
const SHORT = new RegExp(
  String.raw`^\s*(?:fg\.?|foglio)?\s*(\d{1,4})\s*[/\s-]\s*(?:part\.?|particella|map\.?)?\s*([0-9]{1,5}[A-Za-z]?)\s*` +
    String.raw`(?:[/\s-]\s*(?:sub\.?|subalterno)?\s*(\d{1,4}))?\s*$`,
  'i',
);

/** Parses a foglio/particella[/subalterno] reference; null when the text is not one. */
export function parseCadastralRef(text: string): CadastralRef | null {
  const m = SHORT.exec(text);
  if (!m) return null;
  const ref: CadastralRef = { foglio: String(Number(m[1])), particella: m[2]!.toUpperCase().replace(/^0+(?=.)/, '') };
  if (m[3]) ref.subalterno = String(Number(m[3]));
  return ref;
}

/** The full key of a unit, as printed on a visura: E617 fg. 12 part. 345 sub. 3. */
export function formatUnitKey(k: {
  comune: string;
  sezione?: string | null;
  foglio: string;
  particella: string;
  subalterno?: string | null;
}): string {
  const sez = k.sezione ? ` sez. ${k.sezione}` : '';
  const sub = k.subalterno ? ` sub. ${k.subalterno}` : '';
  return `${k.comune}${sez} fg. ${k.foglio} part. ${k.particella}${sub}`;
}

/** Belfiore code: a letter and three digits (E617, C566, F205). */
export function isBelfiore(code: string): boolean {
  return /^[A-Z]\d{3}$/.test(code);
}
