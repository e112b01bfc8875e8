// The overlays of the Edificio Digitale: the R*Tree gives the candidates, turf the exact test (PostGIS would do both
// with ST_Intersects), so the whole query is the engine's.
import { booleanIntersects } from '@turf/turf';
import type { Db } from '../../db/open.ts';
import { bboxParams, rtreeFrom } from '../../db/rtree.ts';
import type { AreaGeometry, BBox } from '../../domain/geometry/types.ts';
import type { BuildingOverlay } from '../buildings.ts';

/** Zoning, hazard and constraint areas that the footprint touches, computed from geometry. */
export function overlaysTouching(db: Db, comune: string, footprint: AreaGeometry, bbox: BBox): BuildingOverlay[] {
  const rows = db
    .prepare(
      `SELECT o.id, o.kind, o.code, o.name, o.buildable, o.geom ${rtreeFrom('overlays', 'o')}
        AND o.comune = ? ORDER BY o.kind, o.code`,
    )
    .all(...bboxParams(bbox), comune) as {
    id: number;
    kind: string;
    code: string;
    name: string;
    buildable: number;
    geom: string;
  }[];
  return rows
    .filter((o) => booleanIntersects(footprint, JSON.parse(o.geom)))
    .map(({ geom: _g, buildable, ...o }) => ({ ...o, buildable: buildable === 1 }));
}
