// Free text is plain text: what users type is published on open portals and shown in other systems' web
// pages, where markup would run. Input with markup is refused; text already stored is published stripped.

/** A tag, comment or declaration opening: `<b`, `</`, `<!--`, `<?`. A lone «<» (3 < 4) is text. */
const MARKUP = /<\s*[a-zA-Z!/?]/;

export const hasMarkup = (s: string): boolean => MARKUP.test(s);

/** The reason given when a field refuses markup. */
export const MARKUP_MESSAGE = 'testo semplice: marcatori HTML (<…>) non ammessi';

/** The text without tags, comments and declarations (for publishing what was stored before the rule). */
export function plainText(s: string): string {
  return hasMarkup(s) ? s.replace(/<!--[\s\S]*?-->/g, '').replace(/<\s*[a-zA-Z!/?][^>]*>?/g, '') : s;
}
