// The rates editor's form (issue 7 §2): GET /api/tax/rates/{comune}/{year} as editable text, back to the
// PUT body with field messages, and the rebase of the user's changes on the server's values after a 412.
// Numbers are kept as the text typed (decimal comma or point), so nothing typed is lost or silently nulled.

import { TARI_CATEGORIES } from '../../server/domain/tax/tari/categories.ts';
import { IMU_RATE_FIELDS, type ImuDelibera, type TariTariff } from '../../server/domain/tax/types.ts';
import { NUMBER } from '../lib/numbers.ts';

export { TARI_CATEGORIES };

type Part<T> = Omit<T, 'comune' | 'year'> & { version: number };

/** What GET and PUT answer. */
export interface RatesView {
  comune: string;
  year: number;
  imu: Part<ImuDelibera> | null;
  tari: Part<TariTariff> | null;
  building_land: Record<string, number>;
  interest_spread: number;
}

export const IMU_RATES = IMU_RATE_FIELDS;
type ImuRate = (typeof IMU_RATES)[number];

export interface ImuDraft extends Record<ImuRate, string> {
  published: boolean;
  categories: { categoria: string; rate: string }[];
  source: string;
}

export interface TariDraft {
  domestic_fixed_per_m2: string;
  /** Index 0 = 1 occupant … 5 = 6 or more. */
  domestic_variable: string[];
  /** Category "1"…"30" → [fixed, variable] €/m². */
  non_domestic: Record<string, [string, string]>;
  tefa_percent: string;
  source: string;
}

export interface RatesDraft {
  imu: ImuDraft;
  tari: TariDraft;
  building_land: { zone: string; value: string }[];
  interest_spread: string;
}

const TARI_KEYS = TARI_CATEGORIES.map((_, i) => String(i + 1));

/** Years offered: the demo's and the law's recent ones, plus any year already seen. */
export function yearChoices(seen: Iterable<number>): number[] {
  return [...new Set([2021, 2022, 2023, 2024, 2025, 2026, ...seen])].sort((a, b) => a - b);
}

/** A number as an Italian office writes it (decimal comma). */
export const showNumber = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : String(n).replace('.', ',');

export function toDraft(v: RatesView): RatesDraft {
  const imu = v.imu;
  const tari = v.tari;
  return {
    imu: {
      published: imu?.published ?? true,
      ...(Object.fromEntries(IMU_RATES.map((k) => [k, showNumber(imu?.[k])])) as Record<ImuRate, string>),
      ...(imu ? {} : { main_home_deduction: '200' }),
      categories: Object.entries(imu?.categories ?? {}).map(([categoria, rate]) => ({
        categoria,
        rate: showNumber(rate),
      })),
      source: imu?.source ?? '',
    },
    tari: {
      domestic_fixed_per_m2: showNumber(tari?.domestic_fixed_per_m2),
      domestic_variable: Array.from({ length: 6 }, (_, i) => showNumber(tari?.domestic_variable[i])),
      non_domestic: Object.fromEntries(
        TARI_KEYS.map((k) => {
          const pair = tari?.non_domestic[k];
          return [k, [showNumber(pair?.[0]), showNumber(pair?.[1])]];
        }),
      ),
      tefa_percent: showNumber(tari?.tefa_percent ?? 5),
      source: tari?.source ?? '',
    },
    building_land: Object.entries(v.building_land).map(([zone, value]) => ({ zone, value: showNumber(value) })),
    interest_spread: showNumber(v.interest_spread),
  };
}

/** Field path (as the server's 422 names it) → message. Table rows are named by their index. */
export type FieldErrors = Record<string, string>;

export interface PutBody {
  imu?: Omit<ImuDelibera, 'comune' | 'year'>;
  tari?: Omit<TariTariff, 'comune' | 'year'>;
  building_land?: Record<string, number>;
  interest_spread?: number;
}

/** Reads the form's numbers; a text that is not a number is refused with the field's message. */
class Reader {
  readonly errors: FieldErrors = {};
  num(path: string, raw: string, example: string): number {
    const s = raw.trim();
    if (s === '') this.errors[path] = 'valore obbligatorio';
    else if (!NUMBER.test(s)) this.errors[path] = `non è un numero: scrivere ad esempio ${example}`;
    return Number(s.replace(',', '.'));
  }
  text(path: string, raw: string, message: string): string {
    if (raw.trim() === '') this.errors[path] = message;
    return raw.trim();
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isBlank = (v: unknown): boolean =>
  typeof v === 'string' ? v.trim() === '' : typeof v === 'object' && v !== null && Object.values(v).every(isBlank);

function readImu(r: Reader, d: ImuDraft): PutBody['imu'] {
  const rate = (k: ImuRate) => r.num(`imu.${k}`, d[k], k === 'main_home_deduction' ? '200' : '1,06');
  const seen = new Set<string>();
  const categories: Record<string, number> = {};
  d.categories.forEach((row, i) => {
    const categoria = row.categoria.trim().toUpperCase().replace(/\s+/g, '');
    if (!/^[A-F]\/\d{1,2}$/.test(categoria)) r.errors[`imu.categories.${i}`] = 'categoria catastale nella forma A/2';
    else if (seen.has(categoria)) r.errors[`imu.categories.${i}`] = `categoria ${categoria} ripetuta`;
    seen.add(categoria);
    categories[categoria] = r.num(`imu.categories.${i}`, row.rate, '0,93');
  });
  return {
    published: d.published,
    ordinary: rate('ordinary'),
    main_home: rate('main_home'),
    main_home_deduction: rate('main_home_deduction'),
    group_d: rate('group_d'),
    rural: rate('rural'),
    beni_merce: rate('beni_merce'),
    agricultural: rate('agricultural'),
    building_land: rate('building_land'),
    categories,
    // Empty means "no agreed-rent rate" (the ordinary applies); text that is not a number is still refused.
    canone_concordato: d.canone_concordato.trim() === '' ? null : rate('canone_concordato'),
    source: r.text('imu.source', d.source, 'indicare la fonte (delibera, data)'),
  };
}

function readTari(r: Reader, d: TariDraft): PutBody['tari'] {
  return {
    domestic_fixed_per_m2: r.num('tari.domestic_fixed_per_m2', d.domestic_fixed_per_m2, '0,81'),
    domestic_variable: d.domestic_variable.map((v, i) => r.num(`tari.domestic_variable.${i}`, v, '148')),
    non_domestic: Object.fromEntries(
      TARI_KEYS.map((k) => {
        const [fixed = '', variable = ''] = d.non_domestic[k] ?? [];
        return [
          k,
          [r.num(`tari.non_domestic.${k}.0`, fixed, '1,2'), r.num(`tari.non_domestic.${k}.1`, variable, '1,1')],
        ];
      }),
    ),
    tefa_percent: r.num('tari.tefa_percent', d.tefa_percent, '5'),
    source: r.text('tari.source', d.source, 'indicare la fonte (delibera, data)'),
  };
}

function readBuildingLand(r: Reader, rows: RatesDraft['building_land']): Record<string, number> {
  const out: Record<string, number> = {};
  rows.forEach((row, i) => {
    const zone = row.zone.trim();
    if (zone === '') r.errors[`building_land.${i}`] = 'indicare la zona';
    else if (zone in out) r.errors[`building_land.${i}`] = `zona ${zone} ripetuta`;
    out[zone] = r.num(`building_land.${i}`, row.value, '270,5');
  });
  return out;
}

/**
 * The PUT body with only the parts the user changed against `base` (what was read), or the field errors.
 * A part that did not exist on the server and is still blank is left out.
 */
export function toPutBody(base: RatesDraft, draft: RatesDraft): { body: PutBody; errors: FieldErrors } {
  const r = new Reader();
  const body: PutBody = {};
  if (!same(base.imu, draft.imu) && !isBlank({ ...draft.imu, published: '', main_home_deduction: '' })) {
    body.imu = readImu(r, draft.imu);
  }
  if (!same(base.tari, draft.tari) && !isBlank({ ...draft.tari, tefa_percent: '' })) {
    body.tari = readTari(r, draft.tari);
  }
  if (!same(base.building_land, draft.building_land)) body.building_land = readBuildingLand(r, draft.building_land);
  if (!same(base.interest_spread, draft.interest_spread)) {
    body.interest_spread = r.num('interest_spread', draft.interest_spread, '0,5');
  }
  return { body, errors: r.errors };
}

const isField = (draft: RatesDraft, path: string) => valueAt(draft, path) !== undefined;

/** The server's 422 details as form paths: keyed table entries (a categoria, a zone) become their row. */
export function serverErrors(details: unknown, draft: RatesDraft): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  const rows: [string, string[]][] = [
    ['imu.categories.', draft.imu.categories.map((c) => c.categoria.trim().toUpperCase())],
    ['building_land.', draft.building_land.map((b) => b.zone.trim())],
  ];
  for (const d of Array.isArray(details) ? (details as { path?: unknown; message?: unknown }[]) : []) {
    let path = String(d.path ?? '');
    for (const [prefix, keys] of rows) {
      const i = path.startsWith(prefix) ? keys.indexOf(path.slice(prefix.length)) : -1;
      if (i >= 0) path = prefix + i;
    }
    if (isField(draft, path)) fields[path] = String(d.message);
    else other.push(`${path}: ${String(d.message)}`);
  }
  return { fields, other };
}

type Slot = [Record<string | number, unknown>, string | number];

/** Where a field's text lives in the draft, by the path the server's 422 uses (rows by index). */
function locate(draft: RatesDraft, path: string): Slot | null {
  const [part = '', key = '', sub = '', leaf = ''] = path.split('.');
  const row = <T extends object>(rows: T[], i: string, field: string): Slot | null => {
    const r = /^\d+$/.test(i) ? rows[Number(i)] : undefined;
    return r ? [r as Record<string, unknown>, field] : null;
  };
  if (part === 'interest_spread' && !key) return [draft as unknown as Record<string, unknown>, part];
  if (part === 'building_land' && !sub) return row(draft.building_land, key, 'value');
  if (part === 'imu' && key === 'categories') return leaf ? null : row(draft.imu.categories, sub, 'rate');
  if (part === 'imu' && key in draft.imu && !sub) return [draft.imu as unknown as Record<string, unknown>, key];
  if (part === 'tari' && key === 'domestic_variable' && /^[0-5]$/.test(sub) && !leaf) {
    return [draft.tari.domestic_variable as unknown as Record<number, unknown>, Number(sub)];
  }
  const pair = draft.tari.non_domestic[sub];
  if (part === 'tari' && key === 'non_domestic' && pair && (leaf === '0' || leaf === '1')) {
    return [pair as unknown as Record<number, unknown>, Number(leaf)];
  }
  const scalar = part === 'tari' && !sub && typeof (draft.tari as unknown as Record<string, unknown>)[key] === 'string';
  return scalar ? [draft.tari as unknown as Record<string, unknown>, key] : null;
}

/** The text of a field ('imu.ordinary', 'tari.non_domestic.12.0', 'building_land.2'); undefined if none. */
export function valueAt(draft: RatesDraft, path: string): string | boolean | undefined {
  const slot = locate(draft, path);
  return slot ? (slot[0][slot[1]] as string | boolean) : undefined;
}

export function setAt(draft: RatesDraft, path: string, value: string | boolean): void {
  const slot = locate(draft, path);
  if (slot) slot[0][slot[1]] = value;
}

/** A server value as shown beside the user's field after a 412 (a table as one line). */
export function serverText(theirs: RatesDraft, path: string): string {
  if (path === 'imu.categories') {
    return theirs.imu.categories.map((c) => `${c.categoria} ${c.rate}`).join(', ') || '—';
  }
  if (path === 'building_land') {
    return theirs.building_land.map((b) => `${b.zone} ${b.value}`).join(', ') || '—';
  }
  const v = valueAt(theirs, path);
  return typeof v === 'boolean' ? (v ? 'sì' : 'no') : v || '—';
}

/** Tables are replaced whole: merging rows field by field would pair a categoria with another's rate. */
const WHOLE = new Set(['imu.categories', 'building_land']);

function merge(base: unknown, mine: unknown, theirs: unknown, path: string): unknown {
  if (same(base, mine)) return theirs;
  const mergeable = (x: unknown) => typeof x === 'object' && x !== null;
  if (WHOLE.has(path) || !mergeable(base) || !mergeable(mine) || !mergeable(theirs)) return mine;
  const b = base as Record<string, unknown>;
  const m = mine as Record<string, unknown>;
  const t = theirs as Record<string, unknown>;
  const out = (Array.isArray(theirs) ? [...theirs] : { ...t }) as Record<string, unknown>;
  for (const k of Object.keys(m)) out[k] = merge(b[k], m[k], t[k], path ? `${path}.${k}` : k);
  return out;
}

/**
 * After a 412: the server's current values with the user's own changes (against what they had read) put back
 * on top, field by field. The result is then saved against the server's new ETag.
 */
export const rebase = (base: RatesDraft, mine: RatesDraft, theirs: RatesDraft): RatesDraft =>
  merge(base, mine, theirs, '') as RatesDraft;

/** Paths of the scalar fields whose server value differs from what the user has in the form. */
export function differing(mine: RatesDraft, theirs: RatesDraft): Set<string> {
  const out = new Set<string>();
  const walk = (m: unknown, t: unknown, path: string) => {
    if (WHOLE.has(path) || typeof m !== 'object' || m === null || typeof t !== 'object' || t === null) {
      if (!same(m, t)) out.add(path);
      return;
    }
    const [mr, tr] = [m as Record<string, unknown>, t as Record<string, unknown>];
    for (const k of Object.keys(mr)) walk(mr[k], tr[k], path ? `${path}.${k}` : k);
  };
  walk(mine, theirs, '');
  return out;
}

/** The import's body: a CSV (anno;voce;valore) as text/csv, anything else as the JSON shape of GET. */
export function importRequest(name: string, text: string): { body: string; headers: Record<string, string> } {
  const csv = /\.csv$/i.test(name) || /^\uFEFF?anno[;,]/i.test(text);
  return { body: text, headers: { 'content-type': csv ? 'text/csv' : 'application/json' } };
}
