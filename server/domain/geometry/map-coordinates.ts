import type { Geometry, Position } from './types.ts';

/** The same geometry with every position passed through `f` (a CRS transform, typically). */
export function mapCoordinates(g: Geometry, f: (p: Position) => Position): Geometry {
  const ring = (r: Position[]) => r.map(f);
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(g.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: ring(g.coordinates) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map(ring) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
  }
}

/** A Polygon as a one-part MultiPolygon (for layers declared MULTIPOLYGON); anything else unchanged. */
export function promoteToMulti(g: Geometry): Geometry {
  return g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;
}
