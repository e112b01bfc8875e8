// Shapes of the Edificio Digitale as the API returns it (the server's own types where it declares them).
import type { BuildingView } from '../../server/buildings/dossier.ts';
import type { TributiView } from '../../server/buildings/tributi.ts';

export type { BuildingView as Building } from '../../server/buildings/dossier.ts';

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
  building: BuildingView;
  parcels: { id: number; sezione: string; foglio: string; particella: string; qualita: string; superficie: number }[];
  addresses: { street: string; civico: string; cap: string }[];
  units: Unit[];
  permits: { type: string; number: string; date: string; state: string; description: string }[];
  overlays: { kind: string; code: string; name: string; buildable: boolean }[];
  events: { kind: string; date: string; who: string; why: string }[];
  tributi: null | TributiView;
  access: { personalData: boolean; canEdit: boolean };
}
/** The dossier's tax section (tributi and admin): per subject and year, the engine's figures against the declared
 * and paid. */
export type { TributiView as Tributi } from '../../server/buildings/tributi.ts';

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
