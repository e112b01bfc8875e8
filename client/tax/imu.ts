// The public IMU calculator's form: what a taxpayer fills in, turned into the request of
// POST /api/tax/imu/calculate (issue 7, section 4). No tax is computed here: the server's engine does it.
import type { z } from 'zod';
import type { ImuResult } from '../../server/domain/tax/types.ts';
import type { ImuCalculateRequest } from '../../server/tax/calculator-schemas.ts';

/** A request as typed in a form: every number may still be the text the user entered. */
export type AsTyped<T> = T extends number
  ? number | string
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]: AsTyped<T[K]> }
      : T;

export type ImuObjectKind = 'fabbricato' | 'terreno_agricolo' | 'area_fabbricabile';

export const OBJECT_KINDS: { value: ImuObjectKind; label: string }[] = [
  { value: 'fabbricato', label: 'Fabbricato' },
  { value: 'terreno_agricolo', label: 'Terreno agricolo' },
  { value: 'area_fabbricabile', label: 'Area fabbricabile' },
];

const range = (group: string, n: number) => Array.from({ length: n }, (_, i) => `${group}/${i + 1}`);

/** Categorie catastali of the Catasto Fabbricati that have a rendita (E and F have none for IMU). */
export const CATEGORIE = [...range('A', 11), ...range('B', 8), ...range('C', 7), ...range('D', 10)];

/** Categories whose pertinenza status matters (c. 741: at most one per C/2, C/6, C/7). */
export const PERTINENZA_CATEGORIE = new Set(['C/2', 'C/6', 'C/7']);

export interface ImuForm {
  year: number;
  kind: ImuObjectKind;
  categoria: string;
  rendita: string;
  reddito_dominicale: string;
  valore_venale: string;
  /** '' = a manual rate; otherwise the comune's Belfiore code. */
  comune: string;
  rate_percent: string;
  share: string;
  periodBy: 'months' | 'dates';
  months: string;
  from: string;
  to: string;
  main_home: boolean;
  main_home_pertinenza: boolean;
  pertinenza_rank: string;
  historic: boolean;
  unfit: boolean;
  free_loan: boolean;
  canone_concordato: boolean;
}

export function defaultImuForm(year: number): ImuForm {
  return {
    year,
    kind: 'fabbricato',
    categoria: 'A/2',
    rendita: '',
    reddito_dominicale: '',
    valore_venale: '',
    comune: 'E617',
    rate_percent: '',
    share: '100',
    periodBy: 'months',
    months: '12',
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    main_home: false,
    main_home_pertinenza: false,
    pertinenza_rank: '1',
    historic: false,
    unfit: false,
    free_loan: false,
    canone_concordato: false,
  };
}

/** Italian decimal input ("1.234,56" or "1234.56") to a number; '' and garbage stay as they are, for the server
 * to name the field. */
export function parseNumber(s: string): number | string {
  const t = s.trim().replace(/\s/g, '');
  if (t === '') return '';
  const normal = t.includes(',') ? t.replace(/\./g, '').replace(',', '.') : t;
  const n = Number(normal);
  return Number.isFinite(n) ? n : s;
}

/**
 * The request body, from the server's own schema (server/tax/calculator-schemas.ts): a field renamed there breaks
 * this build. Numbers may go as the text the user typed, so that the server names the field it cannot read.
 */
export type ImuRequest = AsTyped<z.input<typeof ImuCalculateRequest>>;
type ImuObjectRequest = ImuRequest['object'];

function objectOf(f: ImuForm): ImuObjectRequest {
  switch (f.kind) {
    case 'fabbricato':
      return { kind: 'fabbricato', categoria: f.categoria, rendita: parseNumber(f.rendita) };
    case 'terreno_agricolo':
      return { kind: 'terreno_agricolo', reddito_dominicale: parseNumber(f.reddito_dominicale) };
    case 'area_fabbricabile':
      return { kind: 'area_fabbricabile', valore_venale: parseNumber(f.valore_venale) };
  }
}

/** The request body. The share is entered in percent (a taxpayer reads "50%" on the deed) and sent as 0…1. */
export function imuRequest(f: ImuForm): ImuRequest {
  const share = parseNumber(f.share);
  const isBuilding = f.kind === 'fabbricato';
  const pertinenza = isBuilding && f.main_home_pertinenza && PERTINENZA_CATEGORIE.has(f.categoria);
  return {
    year: f.year,
    object: objectOf(f),
    ...(f.comune ? { comune: f.comune } : { rate_percent: parseNumber(f.rate_percent) }),
    share: typeof share === 'number' ? Math.round(share * 100) / 10_000 : share,
    ...(f.periodBy === 'months' ? { months: parseNumber(f.months) } : { from: f.from, to: f.to }),
    main_home: isBuilding && f.main_home,
    main_home_pertinenza: pertinenza,
    ...(pertinenza ? { pertinenza_rank: parseNumber(f.pertinenza_rank) } : {}),
    historic: isBuilding && f.historic,
    unfit: isBuilding && f.unfit,
    free_loan: isBuilding && f.free_loan,
    canone_concordato: isBuilding && f.canone_concordato,
  };
}

/** The engine's answer, as the route sends it. */
export type ImuResponse = ImuResult;

/** F24 "codici tributo" for IMU (Risoluzione AdE 35/E 2012 and later), as a taxpayer reads them on the form. */
export const F24_CODES: Record<string, string> = {
  '3912': 'IMU abitazione principale e pertinenze',
  '3913': 'IMU fabbricati rurali ad uso strumentale',
  '3914': 'IMU terreni',
  '3916': 'IMU aree fabbricabili',
  '3918': 'IMU altri fabbricati',
  '3925': 'IMU immobili del gruppo D — quota Stato',
  '3930': 'IMU immobili del gruppo D — incremento comune',
};

/** Which form field a 422 detail's path names ("object.rendita" → "rendita", "share" → "share"). */
export function imuField(path: string): string {
  const last = path.split('.').pop() ?? path;
  if (path === 'object' || path === 'object.kind') return 'kind';
  if (path === 'comune' || path === 'rate_percent') return 'rate';
  return last;
}
