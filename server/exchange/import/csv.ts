// CSV as Italian offices write it: ";" or "," separated (whichever the header uses), quotes per RFC 4180.
export function parseCsv(text: string): { header: string[]; rows: { line: number; values: Record<string, string> }[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = lines[0] ?? '';
  const sep = (headerLine.match(/;/g)?.length ?? 0) >= (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '',
      quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === sep) {
        out.push(cur.trim());
        cur = '';
      } else cur += ch;
    }
    out.push(cur.trim());
    return out;
  };
  const header = split(headerLine).map((h) => h.toLowerCase());
  const rows = lines
    .slice(1)
    .map((l, i) => ({ line: i + 2, l }))
    .filter((r) => r.l.trim() !== '')
    .map(({ line, l }) => {
      const v = split(l);
      return { line, values: Object.fromEntries(header.map((h, k) => [h, v[k] ?? ''])) };
    });
  return { header, rows };
}
