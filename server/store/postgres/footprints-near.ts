// Footprints of a comune's other standing buildings whose bounding box meets a box (GiST index): the candidates an
// edited footprint may overlap; overlapProblems (buildings/update.ts) decides, as on SQLite.
import type { PoolClient } from 'pg';
import type { AreaGeometry, BBox } from '../../domain/geometry/types.ts';
import type { NeighbourFootprint } from '../buildings.ts';
import { asGeoJson } from './geojson.ts';

export async function footprintsNear(
  c: PoolClient,
  comune: string,
  box: BBox,
  exceptId: number,
): Promise<NeighbourFootprint[]> {
  const { rows } = await c.query<{ id: number; code: string; geom: string }>(
    `SELECT b.id, b.code, ${asGeoJson('b.geom')} AS geom FROM buildings b
      WHERE b.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND b.comune = $5 AND b.id <> $6
      AND b.status <> 'demolito' ORDER BY b.id`,
    [box.minx, box.miny, box.maxx, box.maxy, comune, exceptId],
  );
  return rows.map((r) => ({ id: r.id, code: r.code, footprint: JSON.parse(r.geom) as AreaGeometry }));
}
