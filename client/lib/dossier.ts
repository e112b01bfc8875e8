// Shapes of the Edificio Digitale as the API returns it.
export interface Building {
  id: number; code: string; comune: string; height: number | null; floors_above: number | null; floors_below: number | null;
  volume: number | null; year_built: number | null; use: string; status: string; structure: string | null; public_owner: string | null;
  note: string; version: number; updated_at: string; area_m2: number; bbox: [number, number, number, number];
  footprint: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}
export interface Unit {
  id: number; comune: string; sezione: string; foglio: string; particella: string; subalterno: string; categoria: string; classe: string | null;
  consistenza: number | null; rendita: number | null; superficie_catastale: number | null; floor: string | null; residents_count: number; owners_count: number;
  ape: { class: string; ep: number; issued_on: string; valid_until: string }[];
}
export interface Person { codice_fiscale: string; surname: string; name: string }
export interface Dossier {
  building: Building;
  parcels: { id: number; sezione: string; foglio: string; particella: string; qualita: string; superficie: number }[];
  addresses: { street: string; civico: string; cap: string }[];
  units: Unit[];
  permits: { type: string; number: string; date: string; state: string; description: string }[];
  overlays: { kind: string; code: string; name: string; buildable: boolean }[];
  events: { kind: string; date: string; who: string; why: string }[];
  tributi: null | {
    year: number;
    units: {
      unit_id: number;
      owners: (Person & { share_num: number; share_den: number; right: string })[];
      residents: Person[];
      imu: (Person & { kind: string; share: number; main_home: boolean; due: number; paid: number; cadastre_due: number | null })[];
      tari: (Person & { kind: string; surface: number; occupants: number | null; category: string | null })[];
    }[];
  };
  access: { personalData: boolean; canEdit: boolean };
}
export interface HistoryEntry { id: number; at: string; username: string; before: Record<string, unknown>; after: Record<string, unknown> }

export const OVERLAY_KIND: Record<string, string> = { zoning: 'Azzonamento', flood: 'Pericolosità idraulica', landslide: 'Frana', constraint: 'Vincolo' };
export const euro = (n: number | null) => (n === null ? '—' : n.toLocaleString('it-IT', { style: 'currency', currency: 'EUR' }));
