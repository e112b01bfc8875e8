// The findings list's filter as SQL, in either engine's placeholder style, and as words for the read log.
import type { FindingFilter } from '../audit.ts';

export type ListFilter = Omit<FindingFilter, 'limit' | 'cursor'>;

/**
 * WHERE clause and parameters of a list filter (without the cursor). `mark(n)` writes the placeholder of the
 * n-th parameter (from 1): `?` in SQLite, `$n` in PostgreSQL.
 */
export function filterSql(f: ListFilter, mark: (n: number) => string): { where: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const cond = (sql: (...marks: string[]) => string, ...values: (string | number)[]) => {
    const first = params.length + 1;
    params.push(...values);
    where.push(sql(...values.map((_, i) => mark(first + i))));
  };
  cond((p) => `comune = ${p}`, f.comune);
  const eq = (column: string, v: string | number | undefined) => {
    if (v !== undefined) cond((p) => `${column} = ${p}`, v);
  };
  eq('rule', f.rule);
  eq('year', f.year);
  eq('state', f.state);
  eq('foglio', f.foglio);
  if (f.assignee === '') where.push('assignee IS NULL');
  else eq('assignee', f.assignee);
  if (f.min_eur !== undefined) cond((p) => `claimable_eur >= ${p}`, f.min_eur);
  if (f.bbox) {
    const b = f.bbox;
    cond(
      (a, c, d, e) => `maxx >= ${a} AND minx <= ${c} AND maxy >= ${d} AND miny <= ${e}`,
      b.minx,
      b.maxx,
      b.miny,
      b.maxy,
    );
  }
  return { where: where.join(' AND '), params };
}

/** The filter as `key=value` words, for the read log. */
export function describe(f: ListFilter): string {
  const parts = Object.entries(f)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? Object.values(v).join(',') : v}`);
  return parts.join(' ');
}
