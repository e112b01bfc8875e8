// The overlays of the Edificio Digitale: the GiST index gives the candidates (`&&`), turf the exact test, as on
// SQLite (store/sqlite/overlays.ts): ST_Intersects and turf may disagree on a footprint that only grazes an
// overlay's edge, and both engines must list the same overlays.
import { booleanIntersects } from '@turf/turf';
import type { AreaGeometry, BBox } from '../../domain/geometry/types.ts';
import type { BuildingOverlay } from '../buildings.ts';
import { asGeoJson } from './geojson.ts';
import type { PgPool } from './open.ts';

/** Zoning, hazard and constraint areas that the footprint touches, by kind and code. */
export async function overlaysTouching(
  pool: PgPool,
  comune: string,
  footprint: AreaGeometry,
  bbox: BBox,
): Promise<BuildingOverlay[]> {
  const { rows } = await pool.query<Omit<BuildingOverlay, 'buildable'> & { buildable: number; geom: string }>(
    `SELECT o.id, o.kind, o.code, o.name, o.buildable, ${asGeoJson('o.geom')} AS geom FROM overlays o
      WHERE o.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND o.comune = $5
      ORDER BY o.kind COLLATE "C", o.code COLLATE "C", o.id`,
    [bbox.minx, bbox.miny, bbox.maxx, bbox.maxy, comune],
  );
  return rows
    .filter((o) => booleanIntersects(footprint, JSON.parse(o.geom)))
    .map(({ geom: _g, buildable, ...o }) => ({ ...o, buildable: buildable === 1 }));
}
