// Tax facts from CSV, keyed so that a second import duplicates nothing; all or nothing (unless partial).
// Columns (header names, any order; ";" or ","), [optional] in brackets:
//   csv-imu               anno, codice_fiscale, cognome, nome, sezione, foglio, particella, subalterno, tipo,
//                         quota, mesi, abitazione_principale, dovuto, [diritto, dal, al, valore_dichiarato]
//   csv-imu-versamenti    anno, codice_fiscale, data, importo, codice_tributo, rata,
//                         [sezione, foglio, particella, subalterno]
//   csv-tari              anno, codice_fiscale, cognome, nome, sezione, foglio, particella, subalterno, utenza,
//                         superficie, occupanti, categoria, [categoria_dpr, dal, al]
//   csv-residenti         codice_fiscale, cognome, nome, sezione, foglio, particella, subalterno, dal, [al]
//   csv-diritti           codice_fiscale, cognome, nome, sezione, foglio, particella, subalterno, diritto, quota,
//                         dal, [al, atto]
//   csv-storico-catastale sezione, foglio, particella, subalterno, dal, categoria, rendita, [al, classe, consistenza,
//                         superficie_catastale, superficie_escluse_scoperte]
// An empty subalterno means the land parcel. Decimals take "," or "."; dates AAAA-MM-GG; a quota is "1/2" or "0,5".
// `anno` of a payment is the tax year it pays (an F24 of December may pay the year before).
import type { DatabaseSync } from 'node:sqlite';
import { type ApplyOptions, ImportRefused, type ImportReport, type Rejection } from './apply.ts';
import { parseCsv } from './csv.ts';
import { FormatError } from './formats.ts';
import { finishImportLog, logImport, transactionOrDryRun } from './import-log.ts';
import { CsvContext, RowError } from './tax-csv-context.ts';
import { FACT_ROWS } from './tax-csv-facts.ts';
import { POSITION_ROWS } from './tax-csv-positions.ts';

export const TAX_CSV_KINDS = [
  'csv-imu',
  'csv-imu-versamenti',
  'csv-tari',
  'csv-residenti',
  'csv-diritti',
  'csv-storico-catastale',
] as const;
export type TaxCsvKind = (typeof TAX_CSV_KINDS)[number];

/** How one kind of file is read: its columns, each row's write, and a check of the whole once all rows are in. */
export interface CsvKind {
  required: string[];
  optional: string[];
  row(ctx: CsvContext, v: Record<string, string>): void;
  /** Problems that only the whole shows (overlapping periods, shares over 1): they refuse the import. */
  check?(ctx: CsvContext): string[];
}

const KINDS: Record<TaxCsvKind, CsvKind> = { ...POSITION_ROWS, ...FACT_ROWS };

export const TAX_CSV_COLUMNS: Record<TaxCsvKind, string[]> = Object.fromEntries(
  TAX_CSV_KINDS.map((k) => [k, [...KINDS[k].required, ...KINDS[k].optional.map((c) => `[${c}]`)]]),
) as Record<TaxCsvKind, string[]>;

export function applyTaxCsv(
  db: DatabaseSync,
  kind: TaxCsvKind,
  text: string,
  comune: string,
  o: ApplyOptions,
): ImportReport {
  const k = KINDS[kind];
  const { header, rows } = parseCsv(text);
  const missing = k.required.filter((c) => !header.includes(c));
  if (missing.length)
    throw new FormatError(`colonne mancanti: ${missing.join(', ')} (attese: ${k.required.join(';')})`);
  if (!db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(comune)) {
    throw new FormatError(`comune ${comune} non presente: importare prima il catasto`);
  }
  const report: ImportReport = {
    format: kind,
    file: o.file,
    comune,
    dryRun: o.dryRun,
    outcome: o.dryRun ? 'dry-run' : 'applied',
    comuneAdded: false,
    read: { righe: rows.length },
    added: {},
    updated: {},
    unchanged: {},
    rejected: [],
    repaired: [],
  };
  const refuse = (message: string) => new ImportRefused({ ...report, outcome: 'refused', message });

  const work = () => {
    // The import's line first: every change below goes into the history with its id, in this transaction.
    const importId = logImport(db, o.username, report, o.jobId);
    const ctx = new CsvContext(db, comune, o.username, report, importId);
    for (const { line, values } of rows) {
      try {
        k.row(ctx, values);
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        report.rejected.push({ source: `riga ${line}`, reason: 'invalid-row', message: e.message } satisfies Rejection);
      }
    }
    if (report.rejected.length && !o.partial && !o.dryRun) {
      throw refuse(
        `${report.rejected.length} righe rifiutate: nessuna modifica. Correggere il file o importare con l'opzione ` +
          '"parziale" per saltarle.',
      );
    }
    const problems = k.check?.(ctx) ?? [];
    for (const message of problems) report.rejected.push({ source: 'file', reason: 'inconsistent', message });
    if (problems.length && !o.dryRun)
      throw refuse(`${problems.length} incoerenze nel risultato: nessuna modifica. ${problems[0]}`);
    // committed with the changes, so that it exists exactly when they do (a dry run's is rolled back with them)
    finishImportLog(db, importId, report);
  };
  try {
    transactionOrDryRun(db, o.dryRun, work);
  } catch (e) {
    if (e instanceof ImportRefused) logImport(db, o.username, e.report, o.jobId);
    throw e;
  }
  if (o.dryRun) logImport(db, o.username, report, o.jobId);
  return report;
}
