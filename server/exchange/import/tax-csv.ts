// Tax positions, payments and residents from CSV, keyed so that a second import duplicates nothing.
// Columns (header names, any order; ";" or ","):
//   csv-imu              anno, codice_fiscale, cognome, nome, sezione, foglio, particella, subalterno, tipo, quota, mesi, abitazione_principale, dovuto
//   csv-imu-versamenti   anno, codice_fiscale, sezione, foglio, particella, subalterno, data, importo
//   csv-tari             anno, codice_fiscale, cognome, nome, sezione, foglio, particella, subalterno, utenza, superficie, occupanti, categoria
//   csv-residenti        codice_fiscale, cognome, nome, sezione, foglio, particella, subalterno, dal
// An empty subalterno means the land parcel (IMU on land). Decimals take "," or ".".
import type { DatabaseSync } from 'node:sqlite';
import { codiceFiscaleError } from '../../domain/codice-fiscale/codice-fiscale.ts';
import { logImport, transactionOrDryRun } from './import-log.ts';
import { ImportRefused, type ApplyOptions, type ImportReport, type Rejection } from './apply.ts';
import { parseCsv } from './csv.ts';
import { FormatError } from './formats.ts';

export const TAX_CSV_KINDS = ['csv-imu', 'csv-imu-versamenti', 'csv-tari', 'csv-residenti'] as const;
export type TaxCsvKind = (typeof TAX_CSV_KINDS)[number];

export const TAX_CSV_COLUMNS: Record<TaxCsvKind, string[]> = {
  'csv-imu': ['anno', 'codice_fiscale', 'cognome', 'nome', 'sezione', 'foglio', 'particella', 'subalterno', 'tipo', 'quota', 'mesi', 'abitazione_principale', 'dovuto'],
  'csv-imu-versamenti': ['anno', 'codice_fiscale', 'sezione', 'foglio', 'particella', 'subalterno', 'data', 'importo'],
  'csv-tari': ['anno', 'codice_fiscale', 'cognome', 'nome', 'sezione', 'foglio', 'particella', 'subalterno', 'utenza', 'superficie', 'occupanti', 'categoria'],
  'csv-residenti': ['codice_fiscale', 'cognome', 'nome', 'sezione', 'foglio', 'particella', 'subalterno', 'dal'],
};

class RowError extends Error {}

const number = (v: string, what: string, opts: { integer?: boolean; min?: number; max?: number } = {}) => {
  const n = Number(v.replace(',', '.'));
  if (v === '' || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
    throw new RowError(`${what} non valido: "${v}"`);
  }
  return n;
};
const date = (v: string, what: string) => { if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new RowError(`${what} non valida (AAAA-MM-GG): "${v}"`); return v; };
const yes = (v: string) => /^(1|s|si|sì|true|x)$/i.test(v);

export function applyTaxCsv(db: DatabaseSync, kind: TaxCsvKind, text: string, comune: string, o: ApplyOptions): ImportReport {
  const { header, rows } = parseCsv(text);
  const missing = TAX_CSV_COLUMNS[kind].filter((c) => !header.includes(c));
  if (missing.length) throw new FormatError(`colonne mancanti: ${missing.join(', ')} (attese: ${TAX_CSV_COLUMNS[kind].join(';')})`);
  if (!db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(comune)) throw new FormatError(`comune ${comune} non presente: importare prima il catasto`);
  const report: ImportReport = {
    format: kind, file: o.file, comune, dryRun: o.dryRun, outcome: o.dryRun ? 'dry-run' : 'applied', comuneAdded: false,
    read: { righe: rows.length }, added: {}, updated: {}, unchanged: {}, rejected: [], repaired: [],
  };
  const bump = (t: ImportReport['added'], k: string) => { t[k] = (t[k] ?? 0) + 1; };
  const unitId = db.prepare('SELECT id FROM units WHERE comune = ? AND sezione = ? AND foglio = ? AND particella = ? AND subalterno = ?');
  const parcelId = db.prepare('SELECT id FROM parcels WHERE comune = ? AND sezione = ? AND foglio = ? AND particella = ?');
  const subjectId = db.prepare('SELECT id FROM subjects WHERE codice_fiscale = ?');
  const insertSubject = db.prepare('INSERT INTO subjects (codice_fiscale, surname, name) VALUES (?, ?, ?)');

  const target = (v: Record<string, string>) => {
    const key = [comune, v.sezione!.toUpperCase(), String(Number(v.foglio)), v.particella!.toUpperCase()] as const;
    if (!/^\d{1,4}$/.test(v.foglio!) || !v.particella) throw new RowError(`foglio/particella non validi: "${v.foglio}"/"${v.particella}"`);
    if (v.subalterno) {
      const u = unitId.get(...key, String(Number(v.subalterno)) || v.subalterno!) as { id: number } | undefined;
      if (!u) throw new RowError(`unità ${key.slice(1).join(' ')} sub. ${v.subalterno} non presente nel catasto del comune`);
      return { unit: u.id, parcel: null };
    }
    const p = parcelId.get(...key) as { id: number } | undefined;
    if (!p) throw new RowError(`particella ${key.slice(1).join(' ')} non presente nel catasto del comune`);
    return { unit: null, parcel: p.id };
  };
  const subject = (v: Record<string, string>, create: boolean) => {
    const cf = v.codice_fiscale!.toUpperCase();
    const err = codiceFiscaleError(cf);
    if (err) throw new RowError(`codice fiscale ${cf}: ${err}`);
    const s = subjectId.get(cf) as { id: number } | undefined;
    if (s) return s.id;
    if (!create) throw new RowError(`soggetto ${cf} sconosciuto: importare prima la sua posizione`);
    if (!v.cognome) throw new RowError(`soggetto ${cf} nuovo: servono cognome (o denominazione) e nome`);
    bump(report.added, 'soggetti');
    return Number(insertSubject.run(cf, v.cognome, v.nome ?? '').lastInsertRowid);
  };

  const work = () => {
    for (const { line, values: v } of rows) {
      const source = `riga ${line}`;
      try {
        switch (kind) {
          case 'csv-imu': {
            const year = number(v.anno!, 'anno', { integer: true, min: 2012, max: 2100 });
            const t = target(v);
            const tipo = v.tipo || (t.unit ? 'fabbricato' : 'terreno_agricolo');
            if (!['fabbricato', 'terreno_agricolo', 'area_fabbricabile'].includes(tipo)) throw new RowError(`tipo non valido: "${tipo}"`);
            const share = number(v.quota!, 'quota', { min: 0, max: 1 }), months = number(v.mesi!, 'mesi', { integer: true, min: 0, max: 12 }), due = number(v.dovuto!, 'dovuto', { min: 0 });
            const s = subject(v, true);
            const cur = db.prepare('SELECT id, kind, share, months, main_home, due FROM imu_positions WHERE year = ? AND subject_id = ? AND unit_id IS ? AND parcel_id IS ?').get(year, s, t.unit, t.parcel) as Record<string, number | string> | undefined;
            const main = yes(v.abitazione_principale!) ? 1 : 0;
            if (!cur) { db.prepare('INSERT INTO imu_positions (comune, year, subject_id, unit_id, parcel_id, kind, share, months, main_home, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(comune, year, s, t.unit, t.parcel, tipo, share, months, main, due); bump(report.added, 'posizioni_imu'); }
            else if (cur.kind === tipo && cur.share === share && cur.months === months && cur.main_home === main && cur.due === due) bump(report.unchanged, 'posizioni_imu');
            else { db.prepare('UPDATE imu_positions SET kind = ?, share = ?, months = ?, main_home = ?, due = ? WHERE id = ?').run(tipo, share, months, main, due, cur.id as number); bump(report.updated, 'posizioni_imu'); }
            break;
          }
          case 'csv-imu-versamenti': {
            const year = number(v.anno!, 'anno', { integer: true, min: 2012, max: 2100 });
            const t = target(v);
            const s = subject(v, false);
            const pos = db.prepare('SELECT id FROM imu_positions WHERE year = ? AND subject_id = ? AND unit_id IS ? AND parcel_id IS ?').get(year, s, t.unit, t.parcel) as { id: number } | undefined;
            if (!pos) throw new RowError(`nessuna posizione IMU ${year} di ${v.codice_fiscale} per questo immobile`);
            const day = date(v.data!, 'data'), amount = number(v.importo!, 'importo', { min: 0 });
            if (db.prepare('SELECT 1 FROM imu_payments WHERE position_id = ? AND paid_on = ? AND amount = ?').get(pos.id, day, amount)) bump(report.unchanged, 'versamenti');
            else {
              db.prepare(`INSERT INTO imu_payments (position_id, subject_id, comune, tax_year, f24_code, instalment, paid_on, amount)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(pos.id, s, comune, year, '3918', day.slice(5, 7) <= '06' ? 'acconto' : 'saldo', day, amount);
              bump(report.added, 'versamenti');
            }
            break;
          }
          case 'csv-tari': {
            const year = number(v.anno!, 'anno', { integer: true, min: 2012, max: 2100 });
            const t = target(v);
            if (!t.unit) throw new RowError('la TARI riguarda unità immobiliari: indicare il subalterno');
            const utenza = v.utenza || 'domestica';
            if (!['domestica', 'non_domestica'].includes(utenza)) throw new RowError(`utenza non valida: "${utenza}" (domestica o non_domestica)`);
            const surface = number(v.superficie!, 'superficie', { min: 0, max: 1_000_000 });
            const occupants = v.occupanti ? number(v.occupanti, 'occupanti', { integer: true, min: 0, max: 100 }) : null;
            const s = subject(v, true);
            const cur = db.prepare('SELECT id, kind, surface, occupants, category FROM tari_positions WHERE year = ? AND subject_id = ? AND unit_id = ?').get(year, s, t.unit) as Record<string, number | string | null> | undefined;
            const category = v.categoria || null;
            if (!cur) { db.prepare('INSERT INTO tari_positions (comune, year, subject_id, unit_id, kind, surface, occupants, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(comune, year, s, t.unit, utenza, surface, occupants, category); bump(report.added, 'posizioni_tari'); }
            else if (cur.kind === utenza && cur.surface === surface && cur.occupants === occupants && cur.category === category) bump(report.unchanged, 'posizioni_tari');
            else { db.prepare('UPDATE tari_positions SET kind = ?, surface = ?, occupants = ?, category = ? WHERE id = ?').run(utenza, surface, occupants, category, cur.id as number); bump(report.updated, 'posizioni_tari'); }
            break;
          }
          case 'csv-residenti': {
            const t = target(v);
            if (!t.unit) throw new RowError('la residenza riguarda un\'unità immobiliare: indicare il subalterno');
            const since = v.dal ? date(v.dal, 'data di inizio residenza') : null;
            const s = subject(v, true);
            if (db.prepare('SELECT 1 FROM residents WHERE unit_id = ? AND subject_id = ?').get(t.unit, s)) bump(report.unchanged, 'residenti');
            else { db.prepare('INSERT INTO residents (unit_id, subject_id, since) VALUES (?, ?, ?)').run(t.unit, s, since); bump(report.added, 'residenti'); }
            break;
          }
        }
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        report.rejected.push({ source, reason: 'invalid-row', message: e.message } satisfies Rejection);
      }
    }
    if (report.rejected.length && !o.partial && !o.dryRun) throw new ImportRefused({ ...report, outcome: 'refused', message: `${report.rejected.length} righe rifiutate: nessuna modifica. Correggere il file o importare con l'opzione "parziale" per saltarle.` });
  };
  try {
    transactionOrDryRun(db, o.dryRun, work);
  } catch (e) {
    if (e instanceof ImportRefused) logImport(db, o.username, e.report);
    throw e;
  }
  logImport(db, o.username, report);
  return report;
}
