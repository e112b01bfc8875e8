// The rates file in CSV, for offices that keep rates in a spreadsheet: one value per row, `anno;voce;valore`,
// where `voce` is the path of the value in the JSON shape of GET /api/tax/rates/{comune}/{year}, e.g.
//   2025;imu.ordinary;1,06            2025;imu.categories.C/1;0,93      2025;imu.published;sì
//   2025;tari.domestic_variable.3;148 2025;tari.non_domestic.12.fisso;1,2  2025;building_land.A;270,56
// Separator `;` (decimal comma) or `,` (decimal point). The rows become the JSON entries the import validates.
import { invalidError } from '../errors/domain-error.ts';
import { ImuDeliberaInput, TariTariffInput } from './rates-schemas.ts';

type Detail = { path: string; message: string };
type Entry = Record<string, unknown> & { year: number };

function splitLine(line: string, sep: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

const BOOLEAN: Record<string, boolean> = {
  sì: true,
  si: true,
  true: true,
  '1': true,
  no: false,
  false: false,
  '0': false,
};
const IMU_KEYS = new Set(Object.keys(ImuDeliberaInput.shape));
const TARI_KEYS = new Set(Object.keys(TariTariffInput.shape));
const TEXT = new Set(['imu.source', 'tari.source']);
const TUPLE = { fisso: 0, fixed: 0, variabile: 1, variable: 1 } as Record<string, number>;

/** Puts a value where its voce says in the year's entry; false when the voce is unknown. */
function place(entry: Entry, voce: string, value: unknown): boolean {
  const [part, key, sub, leaf] = voce.split('.');
  const obj = (name: string) => (entry[name] ??= {}) as Record<string, unknown>;
  if (part === 'interest_spread' && key === undefined) entry.interest_spread = value;
  else if (part === 'building_land' && key && sub === undefined) obj('building_land')[key] = value;
  else if (part === 'imu' && key === 'categories' && sub && leaf === undefined) {
    ((obj('imu').categories ??= {}) as Record<string, unknown>)[sub] = value;
  } else if (part === 'imu' && key && IMU_KEYS.has(key) && sub === undefined) obj('imu')[key] = value;
  else if (part === 'tari' && key === 'domestic_variable' && sub && /^[1-6]$/.test(sub) && leaf === undefined) {
    ((obj('tari').domestic_variable ??= []) as unknown[])[Number(sub) - 1] = value;
  } else if (part === 'tari' && key === 'non_domestic' && sub && leaf && TUPLE[leaf] !== undefined) {
    (((obj('tari').non_domestic ??= {}) as Record<string, unknown[]>)[sub] ??= [])[TUPLE[leaf]] = value;
  } else if (part === 'tari' && key && TARI_KEYS.has(key) && sub === undefined) obj('tari')[key] = value;
  else return false;
  return true;
}

function parseValue(voce: string, raw: string, decimalComma: boolean): unknown {
  if (TEXT.has(voce)) return raw;
  if (voce === 'imu.published') return BOOLEAN[raw.toLowerCase()] ?? raw;
  if (raw === '' && voce === 'imu.canone_concordato') return null;
  const n = Number(decimalComma ? raw.replace(/\./g, '').replace(',', '.') : raw);
  return raw !== '' && Number.isFinite(n) ? n : raw;
}

/** The CSV's years as import entries; 422 naming the row for what cannot be placed. */
export function ratesFromCsv(text: string): Entry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const sep = (lines[0] ?? '').includes(';') ? ';' : ',';
  const header = splitLine(lines[0] ?? '', sep).map((h) => h.toLowerCase());
  if (header.join('|') !== 'anno|voce|valore') {
    throw invalidError('Intestazione CSV non valida', [
      { path: 'riga 1', message: 'attese le colonne anno, voce, valore' },
    ]);
  }
  const years = new Map<number, Entry>();
  const details: Detail[] = [];
  for (const [i, line] of lines.slice(1).entries()) {
    if (line.trim() === '') continue;
    const row = `riga ${i + 2}`;
    const [yearCell = '', voce = '', raw = ''] = splitLine(line, sep);
    const year = Number(yearCell);
    if (!/^\d{4}$/.test(yearCell)) {
      details.push({ path: row, message: `anno non valido: ${yearCell}` });
      continue;
    }
    const entry = years.get(year) ?? years.set(year, { year }).get(year)!;
    if (!place(entry, voce, parseValue(voce, raw, sep === ';'))) {
      details.push({ path: row, message: `voce sconosciuta: ${voce}` });
    }
  }
  if (details.length) throw invalidError('CSV delle aliquote non valido', details);
  if (years.size === 0) throw invalidError('CSV delle aliquote vuoto', [{ path: 'riga 2', message: 'nessun valore' }]);
  return [...years.values()].sort((a, b) => a.year - b.year);
}
