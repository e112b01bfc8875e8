import type { AreaGeometry, Ring } from './types.ts';

/** Twice the signed area (shoelace): positive for counter-clockwise rings in x-right, y-up axes. */
export function signedArea2(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    const a = ring[i]!,
      b = ring[i + 1]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s;
}

function orient(ring: Ring, ccw: boolean): Ring {
  return signedArea2(ring) > 0 === ccw ? ring : [...ring].reverse();
}

/** RFC 7946 winding: shells counter-clockwise, holes clockwise. */
export function rewind<G extends AreaGeometry>(g: G): G {
  const fix = (rings: Ring[]) => rings.map((r, i) => orient(r, i === 0));
  if (g.type === 'Polygon') return { ...g, coordinates: fix(g.coordinates) };
  return { ...g, coordinates: g.coordinates.map(fix) };
}
