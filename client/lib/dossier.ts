// Shapes of the Edificio Digitale as the API returns it.
export interface Building {
  id: number;
  code: string;
  comune: string;
  height: number | null;
  floors_above: number | null;
  floors_below: number | null;
  volume: number | null;
  year_built: number | null;
  use: string;
  status: string;
  structure: string | null;
  public_owner: string | null;
  note: string;
  version: number;
  updated_at: string;
  area_m2: number;
  bbox: [number, number, number, number];
  footprint: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}
export interface Unit {
  id: number;
  comune: string;
  sezione: string;
  foglio: string;
  particella: string;
  subalterno: string;
  categoria: string;
  classe: string | null;
  consistenza: number | null;
  rendita: number | null;
  superficie_catastale: number | null;
  floor: string | null;
  residents_count: number;
  owners_count: number;
  ape: { class: string; ep: number; issued_on: string; valid_until: string }[];
}
export interface Person {
  codice_fiscale: string;
  surname: string;
  name: string;
}
export interface Dossier {
  building: Building;
  parcels: { id: number; sezione: string; foglio: string; particella: string; qualita: string; superficie: number }[];
  addresses: { street: string; civico: string; cap: string }[];
  units: Unit[];
  permits: { type: string; number: string; date: string; state: string; description: string }[];
  overlays: { kind: string; code: string; name: string; buildable: boolean }[];
  events: { kind: string; date: string; who: string; why: string }[];
  tributi: null | Tributi;
  access: { personalData: boolean; canEdit: boolean };
}
/** The dossier's tax section (tributi and admin): per subject and year, the engine's figures against the declared
 * and paid. */
export interface TaxPerson {
  subject_id: number;
  codice_fiscale: string;
  full_name: string;
}
export interface Tributi {
  years: number[];
  owners: (TaxPerson & {
    unit_id: number;
    subalterno: string;
    right: string;
    share_num: number;
    share_den: number;
    valid_from: string;
    valid_to: string | null;
  })[];
  residents: (TaxPerson & { unit_id: number; subalterno: string; since: string | null; until: string | null })[];
  imu: (TaxPerson & {
    year: number;
    computed: number;
    declared: number;
    paid: number;
    difference: number;
    objects: {
      unit_id: number;
      subalterno: string;
      categoria: string;
      right: string;
      share: number;
      main_home: boolean;
      base: number;
      months: number;
      rate_percent: number;
      exempt: boolean;
      computed: number;
      declared: number | null;
      paid: number;
    }[];
  })[];
  tari: (TaxPerson & {
    year: number;
    computed: number;
    paid: number;
    difference: number;
    premises: {
      unit_id: number;
      subalterno: string;
      surface: number;
      superficie_catastale: number | null;
      computed: number;
    }[];
  })[];
}
export const RIGHT_LABEL: Record<string, string> = {
  proprieta: 'proprietà',
  nuda_proprieta: 'nuda proprietà',
  usufrutto: 'usufrutto',
  uso: 'uso',
  abitazione: 'abitazione',
  enfiteusi: 'enfiteusi',
  superficie: 'superficie',
  leasing: 'leasing',
};
/** In force on the given day (ISO), both ends included. */
export const current = (from: string | null, to: string | null, day: string) =>
  (from ?? '') <= day && (to === null || to >= day);

export interface HistoryEntry {
  id: number;
  at: string;
  username: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export const OVERLAY_KIND: Record<string, string> = {
  zoning: 'Azzonamento',
  flood: 'Pericolosità idraulica',
  landslide: 'Frana',
  constraint: 'Vincolo',
};
export const euro = (n: number | null) =>
  n === null ? '—' : n.toLocaleString('it-IT', { style: 'currency', currency: 'EUR' });
