import type { BBox, Geometry, Position } from './types.ts';

function eachPosition(g: Geometry, f: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      f(g.coordinates);
      break;
    case 'LineString':
      g.coordinates.forEach(f);
      break;
    case 'Polygon':
      for (const r of g.coordinates) r.forEach(f);
      break;
    case 'MultiPolygon':
      for (const p of g.coordinates) for (const r of p) r.forEach(f);
      break;
  }
}

export function bboxOf(g: Geometry): BBox {
  const b = { minx: Infinity, miny: Infinity, maxx: -Infinity, maxy: -Infinity };
  eachPosition(g, ([x, y]) => {
    if (x < b.minx) b.minx = x;
    if (x > b.maxx) b.maxx = x;
    if (y < b.miny) b.miny = y;
    if (y > b.maxy) b.maxy = y;
  });
  return b;
}

/** The box covering both. */
export function unionBox(a: BBox, b: BBox): BBox {
  return {
    minx: Math.min(a.minx, b.minx),
    miny: Math.min(a.miny, b.miny),
    maxx: Math.max(a.maxx, b.maxx),
    maxy: Math.max(a.maxy, b.maxy),
  };
}
