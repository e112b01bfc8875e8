// What every tax CSV row needs: field parsing with Italian messages, the cadastral object and the subject a
// row names, and one keyed write (insert, update or nothing) that records its history.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { codiceFiscaleError } from '../../domain/codice-fiscale/codice-fiscale.ts';
import { recordChange } from '../../store/sqlite/record-change.ts';
import type { ImportReport } from './apply.ts';

/** A row the file gets wrong: reported with its line, the rest goes on. */
export class RowError extends Error {}

type Value = string | number | null;

export function number(
  v: string | undefined,
  what: string,
  opts: { integer?: boolean; min?: number; max?: number } = {},
): number {
  const n = Number((v ?? '').replace(',', '.'));
  if (
    !v ||
    !Number.isFinite(n) ||
    (opts.integer && !Number.isInteger(n)) ||
    (opts.min !== undefined && n < opts.min) ||
    (opts.max !== undefined && n > opts.max)
  ) {
    throw new RowError(`${what} non valido: "${v ?? ''}"`);
  }
  return n;
}

export function date(v: string | undefined, what: string): string {
  if (
    !v ||
    !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
    Number.isNaN(Date.parse(v)) ||
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
  ) {
    throw new RowError(`${what} non valida (AAAA-MM-GG): "${v ?? ''}"`);
  }
  return v;
}

/** An optional date: null when empty. */
export const optionalDate = (v: string | undefined, what: string) => (v ? date(v, what) : null);

/** `dal`…`al` with `al` not before `dal`. */
export function period(v: Record<string, string>, from: string, to: string): { from: string; to: string | null } {
  const a = date(v[from], `data "${from}"`),
    b = optionalDate(v[to], `data "${to}"`);
  if (b !== null && b < a) throw new RowError(`periodo non valido: "${to}" ${b} precede "${from}" ${a}`);
  return { from: a, to: b };
}

export const yes = (v: string | undefined) => /^(1|s|si|sì|true|x)$/i.test(v ?? '');

export const year = (v: string | undefined) => number(v, 'anno', { integer: true, min: 2012, max: 2100 });

/** The columns that name a subject and the unit (or, without subalterno, the parcel) a row is about. */
export const SUBJECT_AND_OBJECT = [
  'codice_fiscale',
  'cognome',
  'nome',
  'sezione',
  'foglio',
  'particella',
  'subalterno',
] as const;

export interface Target {
  unit: number | null;
  parcel: number | null;
}

export class CsvContext {
  readonly db: DatabaseSync;
  readonly comune: string;
  private readonly username: string;
  private readonly report: ImportReport;
  private readonly statements = new Map<string, StatementSync>();
  /** Objects written (units and parcels), for the checks of the whole. */
  readonly touched = { units: new Set<number>(), parcels: new Set<number>() };

  /** The import_log line that the history of every change refers to. */
  private readonly importId: number;

  constructor(db: DatabaseSync, comune: string, username: string, report: ImportReport, importId: number) {
    this.db = db;
    this.comune = comune;
    this.username = username;
    this.report = report;
    this.importId = importId;
  }

  /** A prepared statement, made once per import. */
  st(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  bump(tally: 'added' | 'updated' | 'unchanged', what: string): void {
    const t = this.report[tally];
    t[what] = (t[what] ?? 0) + 1;
  }

  /** The unit (subalterno given) or land parcel the row names, in this comune's cadastre. */
  target(v: Record<string, string>): Target {
    const foglio = v.foglio ?? '',
      particella = (v.particella ?? '').toUpperCase();
    if (!/^\d{1,4}$/.test(foglio) || !particella)
      throw new RowError(`foglio/particella non validi: "${foglio}"/"${v.particella ?? ''}"`);
    const key = [this.comune, (v.sezione ?? '').toUpperCase(), String(Number(foglio)), particella] as const;
    if (v.subalterno) {
      if (!/^\d{1,4}$/.test(v.subalterno))
        throw new RowError(`subalterno non valido: "${v.subalterno.slice(0, 20)}" (un numero, es. 3)`);
      const u = this.st(
        'SELECT id FROM units WHERE comune = ? AND sezione = ? AND foglio = ? AND particella = ? AND subalterno = ?',
      ).get(...key, String(Number(v.subalterno))) as { id: number } | undefined;
      if (!u)
        throw new RowError(`unità ${key.slice(1).join(' ')} sub. ${v.subalterno} non presente nel catasto del comune`);
      return { unit: u.id, parcel: null };
    }
    const p = this.st('SELECT id FROM parcels WHERE comune = ? AND sezione = ? AND foglio = ? AND particella = ?').get(
      ...key,
    ) as { id: number } | undefined;
    if (!p) throw new RowError(`particella ${key.slice(1).join(' ')} non presente nel catasto del comune`);
    return { unit: null, parcel: p.id };
  }

  /** The subject by codice fiscale; `create`: a new one from cognome and nome. */
  subject(v: Record<string, string>, create: boolean): number {
    const cf = (v.codice_fiscale ?? '').toUpperCase();
    const err = codiceFiscaleError(cf);
    // Reports are kept (import log, job): they name the row, never the codice fiscale.
    if (err) throw new RowError(`codice fiscale: ${err}`);
    const s = this.st('SELECT id FROM subjects WHERE codice_fiscale = ?').get(cf) as { id: number } | undefined;
    if (s) return s.id;
    if (!create) throw new RowError('soggetto sconosciuto: importare prima la sua posizione');
    if (!v.cognome) throw new RowError('soggetto nuovo: servono cognome (o denominazione) e nome');
    const after = { codice_fiscale: cf, surname: v.cognome, name: v.nome ?? '' };
    const id = Number(
      this.st('INSERT INTO subjects (codice_fiscale, surname, name) VALUES (?, ?, ?)').run(
        cf,
        after.surname,
        after.name,
      ).lastInsertRowid,
    );
    this.history('subject', id, null, after);
    this.bump('added', 'soggetti');
    return id;
  }

  private history(entity: string, id: number, before: unknown, after: unknown): void {
    const tagged = after === null ? null : { ...(after as Record<string, unknown>), import_id: this.importId };
    recordChange(this.db, { entity, entityId: id, user: { id: null, username: this.username }, before, after: tagged });
  }

  /**
   * The row of `table` with the `key` columns (NULL-safe), written with `values`: added when new, updated
   * when a value differs, unchanged otherwise; history recorded for each write. Returns the row id.
   */
  upsert(
    table: string,
    entity: string,
    tally: string,
    key: Record<string, Value>,
    values: Record<string, Value>,
  ): number {
    const keyCols = Object.keys(key),
      valCols = Object.keys(values);
    const cur = this.st(
      `SELECT id, ${[...keyCols, ...valCols].join(', ')} FROM ${table}
      WHERE ${keyCols.map((c) => `${c} IS ?`).join(' AND ')}`,
    ).get(...Object.values(key)) as Record<string, Value> | undefined;
    if (!cur) {
      const row = { ...key, ...values };
      const cols = Object.keys(row);
      const id = Number(
        this.st(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
          ...Object.values(row),
        ).lastInsertRowid,
      );
      this.history(entity, id, null, row);
      this.bump('added', tally);
      return id;
    }
    const id = cur.id as number;
    const changed = valCols.filter((c) => cur[c] !== values[c]);
    if (!changed.length) {
      this.bump('unchanged', tally);
      return id;
    }
    this.st(`UPDATE ${table} SET ${valCols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
      ...Object.values(values),
      id,
    );
    this.history(
      entity,
      id,
      Object.fromEntries(changed.map((c) => [c, cur[c]])),
      Object.fromEntries(changed.map((c) => [c, values[c]])),
    );
    this.bump('updated', tally);
    return id;
  }
}
