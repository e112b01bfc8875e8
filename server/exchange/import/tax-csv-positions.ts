// The tax office's own files: IMU declarations and F24 payments, TARI declarations, residents.
import { RIGHT_KINDS, type RightKind } from '../../store/tax-facts.ts';
import type { CsvKind } from './tax-csv.ts';
import {
  type CsvContext,
  date,
  number,
  optionalDate,
  RowError,
  SUBJECT_AND_OBJECT,
  year,
  yes,
} from './tax-csv-context.ts';

const F24_CODES = ['3912', '3913', '3914', '3916', '3918', '3925', '3930'];
const INSTALMENTS = ['acconto', 'saldo', 'unica'];

export function rightOf(v: string | undefined): RightKind {
  const r = (v || 'proprieta').toLowerCase().replace('à', 'a').replace(/\s+/g, '_') as RightKind;
  if (!RIGHT_KINDS.includes(r)) throw new RowError(`diritto non valido: "${v}" (${RIGHT_KINDS.join(', ')})`);
  return r;
}

/** The period of a declaration inside its year: `dal`/`al` when given, else the whole year. */
function inYear(v: Record<string, string>, y: number): { from: string; to: string } {
  const from = optionalDate(v.dal, 'data "dal"') ?? `${y}-01-01`,
    to = optionalDate(v.al, 'data "al"') ?? `${y}-12-31`;
  if (from.slice(0, 4) !== String(y) || to.slice(0, 4) !== String(y) || to < from) {
    throw new RowError(`periodo ${from} – ${to} non compreso nell'anno ${y}`);
  }
  return { from, to };
}

const imu: CsvKind = {
  required: ['anno', ...SUBJECT_AND_OBJECT, 'tipo', 'quota', 'mesi', 'abitazione_principale', 'dovuto'],
  optional: ['diritto', 'dal', 'al', 'valore_dichiarato'],
  row(ctx, v) {
    const y = year(v.anno);
    const t = ctx.target(v);
    const kind = v.tipo || (t.unit ? 'fabbricato' : 'terreno_agricolo');
    if (!['fabbricato', 'terreno_agricolo', 'area_fabbricabile'].includes(kind))
      throw new RowError(`tipo non valido: "${kind}"`);
    const share = number(v.quota, 'quota', { min: 0, max: 1 });
    const months = number(v.mesi, 'mesi', { integer: true, min: 0, max: 12 });
    const due = number(v.dovuto, 'dovuto', { min: 0 });
    const p = inYear(v, y);
    const right = rightOf(v.diritto);
    const value = v.valore_dichiarato ? number(v.valore_dichiarato, 'valore dichiarato', { min: 0 }) : null;
    const s = ctx.subject(v, true);
    ctx.upsert(
      'imu_positions',
      'imu_position',
      'posizioni_imu',
      { year: y, subject_id: s, unit_id: t.unit, parcel_id: t.parcel, from_date: p.from },
      {
        comune: ctx.comune,
        kind,
        share,
        months,
        main_home: yes(v.abitazione_principale) ? 1 : 0,
        due,
        right,
        to_date: p.to,
        declared_value: value,
      },
    );
  },
};

const payments: CsvKind = {
  required: ['anno', 'codice_fiscale', 'data', 'importo', 'codice_tributo', 'rata'],
  optional: ['sezione', 'foglio', 'particella', 'subalterno'],
  row(ctx, v) {
    const y = year(v.anno);
    const code = v.codice_tributo ?? '';
    if (!F24_CODES.includes(code))
      throw new RowError(`codice tributo IMU non valido: "${code}" (${F24_CODES.join(', ')})`);
    const rata = (v.rata ?? '').toLowerCase();
    if (!INSTALMENTS.includes(rata)) throw new RowError(`rata non valida: "${v.rata ?? ''}" (acconto, saldo o unica)`);
    const day = date(v.data, 'data'),
      amount = number(v.importo, 'importo', { min: 0 });
    const s = ctx.subject(v, false);
    // An F24 line pays a code, not an object: it is tied to a declaration only when the file names the object.
    let position: number | null = null;
    if (v.foglio || v.particella) {
      const t = ctx.target(v);
      const p = ctx
        .st(
          `SELECT id FROM imu_positions WHERE year = ? AND subject_id = ? AND unit_id IS ? AND parcel_id IS ?
          ORDER BY from_date LIMIT 1`,
        )
        .get(y, s, t.unit, t.parcel) as { id: number } | undefined;
      if (!p) throw new RowError(`nessuna posizione IMU ${y} del soggetto per questo immobile`);
      position = p.id;
    }
    ctx.upsert(
      'imu_payments',
      'imu_payment',
      'versamenti',
      {
        subject_id: s,
        comune: ctx.comune,
        tax_year: y,
        f24_code: code,
        instalment: rata,
        paid_on: day,
        amount,
        position_id: position,
      },
      {},
    );
  },
};

const tari: CsvKind = {
  required: ['anno', ...SUBJECT_AND_OBJECT, 'utenza', 'superficie', 'occupanti', 'categoria'],
  optional: ['categoria_dpr', 'dal', 'al'],
  row(ctx, v) {
    const y = year(v.anno);
    const t = ctx.target(v);
    if (!t.unit) throw new RowError('la TARI riguarda unità immobiliari: indicare il subalterno');
    const utenza = v.utenza || 'domestica';
    if (!['domestica', 'non_domestica'].includes(utenza))
      throw new RowError(`utenza non valida: "${utenza}" (domestica o non_domestica)`);
    const surface = number(v.superficie, 'superficie', { min: 0, max: 1_000_000 });
    const occupants = v.occupanti ? number(v.occupanti, 'occupanti', { integer: true, min: 0, max: 100 }) : null;
    // The DPR 158/1999 category: its own column, or a number in `categoria`.
    const raw = v.categoria_dpr || (/^\d+$/.test(v.categoria ?? '') ? v.categoria : '');
    const code = raw ? number(raw, 'categoria DPR 158/1999', { integer: true, min: 1, max: 30 }) : null;
    if (utenza === 'non_domestica' && code === null)
      throw new RowError('utenza non domestica: indicare la categoria DPR 158/1999 (1…30)');
    const p = inYear(v, y);
    const s = ctx.subject(v, true);
    ctx.upsert(
      'tari_positions',
      'tari_position',
      'posizioni_tari',
      { year: y, subject_id: s, unit_id: t.unit, from_date: p.from },
      {
        comune: ctx.comune,
        kind: utenza,
        surface,
        occupants,
        category: v.categoria || null,
        category_code: code,
        to_date: p.to,
      },
    );
  },
};

const residents: CsvKind = {
  required: ['codice_fiscale', 'cognome', 'nome', 'sezione', 'foglio', 'particella', 'subalterno', 'dal'],
  optional: ['al'],
  row(ctx: CsvContext, v) {
    const t = ctx.target(v);
    if (!t.unit) throw new RowError("la residenza riguarda un'unità immobiliare: indicare il subalterno");
    const since = optionalDate(v.dal, 'data di inizio residenza'),
      until = optionalDate(v.al, 'data di fine residenza');
    if (since && until && until < since)
      throw new RowError(`residenza non valida: fine ${until} prima dell'inizio ${since}`);
    const s = ctx.subject(v, true);
    ctx.upsert('residents', 'resident', 'residenti', { unit_id: t.unit, subject_id: s, since }, { until });
  },
};

export const POSITION_ROWS = {
  'csv-imu': imu,
  'csv-imu-versamenti': payments,
  'csv-tari': tari,
  'csv-residenti': residents,
};
