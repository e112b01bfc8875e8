// The full-text query made from what the user typed (no I/O), in FTS5's syntax: the SQLite engine's own, whose
// quoted words the PostgreSQL engine takes for its prefix query.

/** FTS5 query from free text: each word a quoted prefix term, so no user text is ever FTS syntax. */
export function ftsQuery(text: string): string | null {
  const words = text
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}
