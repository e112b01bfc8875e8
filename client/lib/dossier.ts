// Shapes of the Edificio Digitale as the API returns it: the server's own types, so that a field renamed there
// breaks this build.
import type { DossierView } from '../../server/buildings/dossier.ts';

export type { BuildingView as Building } from '../../server/buildings/dossier.ts';
export type Dossier = DossierView;
export type Unit = DossierView['units'][number];
/** The dossier's tax section (tributi and admin): per subject and year, the engine's figures against the declared
 * and paid. */
export type { TributiView as Tributi } from '../../server/buildings/tributi.ts';
export type { HistoryEntry } from '../../server/store/buildings.ts';

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

export const OVERLAY_KIND: Record<string, string> = {
  zoning: 'Azzonamento',
  flood: 'Pericolosità idraulica',
  landslide: 'Frana',
  constraint: 'Vincolo',
};
export const euro = (n: number | null) =>
  n === null ? '—' : n.toLocaleString('it-IT', { style: 'currency', currency: 'EUR' });
