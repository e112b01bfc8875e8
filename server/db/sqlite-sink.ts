// Writes generated or imported rows: one cached prepared statement per table and column set.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { bboxOf } from '../domain/geometry/bbox.ts';
import type { Geometry } from '../domain/geometry/types.ts';

export class SqliteSink {
  private readonly statements = new Map<string, StatementSync>();
  private readonly db: DatabaseSync;
  private existingCf: Set<string> | undefined;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** Codici fiscali already in the register when this sink started (the generator tracks its own). */
  codiceFiscaleTaken(cf: string): boolean {
    this.existingCf ??= new Set(
      (this.db.prepare('SELECT codice_fiscale FROM subjects').all() as { codice_fiscale: string }[]).map(
        (r) => r.codice_fiscale,
      ),
    );
    return this.existingCf.has(cf);
  }

  insert(table: string, row: Record<string, unknown>): number {
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (v === undefined) continue;
      if (k === 'geom') {
        Object.assign(values, bboxOf(v as Geometry));
        values[k] = JSON.stringify(v);
      } else if (typeof v === 'boolean') values[k] = v ? 1 : 0;
      else if (v !== null && typeof v === 'object') values[k] = JSON.stringify(v);
      else values[k] = v;
    }
    const cols = Object.keys(values);
    const key = `${table}(${cols.join(',')})`;
    let st = this.statements.get(key);
    if (!st) {
      st = this.db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      this.statements.set(key, st);
    }
    return Number(st.run(...(Object.values(values) as (string | number | null)[])).lastInsertRowid);
  }
}
