import { booleanIntersects } from '@turf/turf';
import type { Db } from '../db/open.ts';
import type { AreaGeometry, BBox } from '../domain/geometry/types.ts';

/** Zoning, hazard and constraint areas that the footprint touches, computed from geometry. */
export function overlaysTouching(db: Db, comune: string, footprint: AreaGeometry, bbox: BBox) {
  // CROSS JOIN: R*Tree first (see tiles/tile-store.ts).
  const rows = db.prepare(`SELECT o.id, o.kind, o.code, o.name, o.buildable, o.geom FROM overlays_rtree r CROSS JOIN overlays o ON o.id = r.id
    WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ? AND o.comune = ? ORDER BY o.kind, o.code`)
    .all(bbox.maxx, bbox.minx, bbox.maxy, bbox.miny, comune) as { id: number; kind: string; code: string; name: string; buildable: number; geom: string }[];
  return rows
    .filter((o) => booleanIntersects(footprint, JSON.parse(o.geom)))
    .map(({ geom: _g, buildable, ...o }) => ({ ...o, buildable: buildable === 1 }));
}
