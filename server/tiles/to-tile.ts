// GeoJSON (lon/lat) → MVT feature geometry for one tile: project, clip to the buffer, round, drop
// degenerate rings, and wind rings as the MVT spec wants (exterior positive area, y down).
import type { Geometry, Position } from '../domain/geometry/types.ts';
import type { TileFeature } from '../store/tiles.ts';
import { clipLine, clipRing } from './clip.ts';
import { projector } from './tile-math.ts';

type P = [number, number];
export const EXTENT = 4096;
const BUFFER = 64;
/** The buffer as a share of the tile's side. */
export const BUFFER_SHARE = BUFFER / EXTENT;

function area2(r: P[]): number {
  let s = 0;
  for (let i = 0; i < r.length - 1; i++) s += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1];
  return s;
}

function roundDedupe(pts: P[]): P[] {
  const out: P[] = [];
  for (const [x, y] of pts) {
    const p: P = [Math.round(x), Math.round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

function tileRing(ring: Position[], project: (lon: number, lat: number) => P, exterior: boolean): P[] | null {
  const projected = ring.slice(0, -1).map(([lon, lat]) => project(lon, lat));
  const pts = roundDedupe(clipRing(projected, -BUFFER, EXTENT + BUFFER));
  if (pts.length > 1 && pts[0]![0] === pts[pts.length - 1]![0] && pts[0]![1] === pts[pts.length - 1]![1]) pts.pop();
  if (pts.length < 3) return null;
  pts.push(pts[0]!);
  const a = area2(pts);
  if (a === 0) return null;
  return a > 0 === exterior ? pts : pts.reverse();
}

export function toTileGeometry(
  g: Geometry,
  project: (lon: number, lat: number) => P,
): Pick<TileFeature, 'type' | 'geometry'> | null {
  switch (g.type) {
    case 'Polygon':
    case 'MultiPolygon': {
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const rings: P[][] = [];
      for (const poly of polys) {
        const outer = tileRing(poly[0]!, project, true);
        if (!outer) continue;
        rings.push(outer);
        for (const hole of poly.slice(1)) {
          const h = tileRing(hole, project, false);
          if (h) rings.push(h);
        }
      }
      return rings.length ? { type: 3, geometry: rings } : null;
    }
    case 'LineString': {
      const parts = clipLine(
        g.coordinates.map(([lon, lat]) => project(lon, lat)),
        -BUFFER,
        EXTENT + BUFFER,
      )
        .map(roundDedupe)
        .filter((p) => p.length > 1);
      return parts.length ? { type: 2, geometry: parts } : null;
    }
    case 'Point': {
      const [x, y] = project(g.coordinates[0], g.coordinates[1]);
      if (x < 0 || y < 0 || x > EXTENT || y > EXTENT) return null;
      return { type: 1, geometry: [[[Math.round(x), Math.round(y)]]] };
    }
  }
}

/** A feature as a store reads it: its id, its GeoJSON (text) and the layer's properties. */
export type FeatureRow = Record<string, string | number | null>;

/** The rows as features of tile z/x/y with the layer's `properties`; those that leave nothing in the tile drop. */
export function toTileFeatures(
  rows: FeatureRow[],
  properties: readonly string[],
  z: number,
  x: number,
  y: number,
): TileFeature[] {
  const project = projector(z, x, y, EXTENT);
  const features: TileFeature[] = [];
  for (const row of rows) {
    const geom = toTileGeometry(JSON.parse(row.geom as string) as Geometry, project);
    if (!geom) continue;
    const p: TileFeature['properties'] = {};
    for (const k of properties) p[k] = row[k] ?? null;
    features.push({ id: row.id as number, ...geom, properties: p });
  }
  return features;
}
