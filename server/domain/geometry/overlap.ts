// Where two footprints overlap: a party wall shared along an edge is no overlap, a strip inside the neighbour is.
import { area, feature, featureCollection, intersect, pointOnFeature } from '@turf/turf';
import type { AreaGeometry, Position } from './types.ts';

export const OVERLAP = 'overlap';

/** Above this a shared area is an overlap, not a digitising tolerance along a party wall (m²). */
export const MAX_OVERLAP_M2 = 0.5;

export interface Overlap {
  /** m², to the tenth. */
  area_m2: number;
  geometry: AreaGeometry;
  /** [lon, lat] of a point inside the overlap, where the map shows it. */
  location: Position;
}

/** The area `a` and `b` share, when more than MAX_OVERLAP_M2; null otherwise. */
export function overlapOf(a: AreaGeometry, b: AreaGeometry): Overlap | null {
  const shared = intersect(featureCollection([feature(a), feature(b)]));
  if (!shared) return null;
  const m2 = area(shared);
  if (m2 <= MAX_OVERLAP_M2) return null;
  return {
    area_m2: Math.round(m2 * 10) / 10,
    geometry: shared.geometry as AreaGeometry,
    location: pointOnFeature(shared).geometry.coordinates as Position,
  };
}
