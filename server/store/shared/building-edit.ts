// The parts of a building edit and of its history that need no database, alike in both engines.
import { overlapProblems } from '../../buildings/update.ts';
import { bboxOf } from '../../domain/geometry/bbox.ts';
import type { AreaGeometry, BBox } from '../../domain/geometry/types.ts';
import { validateAreaGeometry } from '../../domain/geometry/validate.ts';
import { invalidError, notFoundError } from '../../errors/domain-error.ts';
import type { HistoryEntry, NeighbourFootprint } from '../buildings.ts';

export const buildingNotFound = (id: number) => notFoundError(`Edificio ${id} non trovato`);

/** An edit whose version moved between its If-Match check and its write (a concurrent edit). */
export const STALE_BUILDING = "L'edificio è stato modificato da un altro utente";

/** A new footprint, validated (422 otherwise), and its bounding box. */
export function validFootprint(footprint: unknown): { geometry: AreaGeometry; box: BBox } {
  const v = validateAreaGeometry(footprint);
  if (!v.ok) throw invalidError('Geometria non valida', [{ path: 'footprint', ...v.problem }]);
  return { geometry: v.geometry, box: bboxOf(v.geometry) };
}

/** 422 when the footprint overlaps the neighbours' (the comune's other standing buildings near it). */
export function checkOverlaps(geometry: AreaGeometry, neighbours: NeighbourFootprint[]): void {
  const overlaps = overlapProblems(geometry, neighbours);
  if (overlaps.length) throw invalidError("L'impronta si sovrappone ad altri edifici", overlaps);
}

/** The columns a footprint sets: its GeoJSON, then its box. */
export const footprintColumns = (geometry: AreaGeometry, box: BBox) => ({ geom: JSON.stringify(geometry), ...box });

/** A history row as stored (before and after as JSON text). */
export type HistoryRow = Omit<HistoryEntry, 'before' | 'after'> & { before: string; after: string };

export const toHistoryEntry = (r: HistoryRow): HistoryEntry => ({
  ...r,
  before: JSON.parse(r.before),
  after: JSON.parse(r.after),
});
