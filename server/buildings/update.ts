// Attribute (and footprint) corrections with optimistic locking: a stale version never overwrites. What an edit's
// rules need no database for; the store's write applies them in its transaction (store/sqlite/buildings.ts).
import { OVERLAP, overlapOf } from '../domain/geometry/overlap.ts';
import type { AreaGeometry } from '../domain/geometry/types.ts';
import { num } from '../domain/tax/money.ts';
import type { BuildingRow, NeighbourFootprint } from '../store/buildings.ts';

export const STALE = "L'edificio è stato modificato da un altro utente: ricaricare la scheda e ripetere la modifica";

/** The problems of a footprint overlapping the comune's other standing buildings, one per neighbour. */
export function overlapProblems(footprint: AreaGeometry, neighbours: NeighbourFootprint[]) {
  return neighbours.flatMap((n) => {
    const o = overlapOf(footprint, n.footprint);
    if (!o) return [];
    return [
      {
        path: 'footprint',
        reason: OVERLAP,
        message: `si sovrappone per ${num(o.area_m2)} m² all'edificio ${n.code}`,
        location: o.location,
        building: { id: n.id, code: n.code },
        overlap: o.geometry,
      },
    ];
  });
}

/**
 * The fields a change of `current` to the columns in `set` alters, before and after, as the history records them:
 * the footprint as GeoJSON, its bounding box not at all (it follows the footprint).
 */
export function changedFields(current: BuildingRow, set: Record<string, string | number | null>) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const row = current as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(set)) {
    if (row[k] === v) continue;
    if (['minx', 'miny', 'maxx', 'maxy'].includes(k)) continue;
    before[k === 'geom' ? 'footprint' : k] = k === 'geom' ? JSON.parse(row[k] as string) : row[k];
    after[k === 'geom' ? 'footprint' : k] = k === 'geom' ? JSON.parse(v as string) : v;
  }
  return { before, after };
}
