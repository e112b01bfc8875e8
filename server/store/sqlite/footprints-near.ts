// Footprints of a comune's other buildings whose bounding box meets a box (R*Tree): the candidates an edited
// footprint may overlap.
import type { Db } from '../../db/open.ts';
import { bboxParams, rtreeFrom } from '../../db/rtree.ts';
import type { AreaGeometry, BBox } from '../../domain/geometry/types.ts';
import type { NeighbourFootprint } from '../buildings.ts';

export function footprintsNear(db: Db, comune: string, box: BBox, exceptId: number): NeighbourFootprint[] {
  const rows = db
    .prepare(`SELECT b.id, b.code, b.geom ${rtreeFrom('buildings', 'b')} AND b.comune = ? AND b.id <> ?
      AND b.status <> 'demolito' ORDER BY b.id`)
    .all(...bboxParams(box), comune, exceptId) as { id: number; code: string; geom: string }[];
  return rows.map((r) => ({ id: r.id, code: r.code, footprint: JSON.parse(r.geom) as AreaGeometry }));
}
