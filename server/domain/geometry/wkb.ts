// ISO WKB (OGC 06-103r4 §8.2), little-endian, 2D: the geometry encoding of GeoPackage blobs and of PostGIS.
import type { Geometry, Position } from './types.ts';

const TYPE = { Point: 1, LineString: 2, Polygon: 3, MultiPolygon: 6 } as const;

/** Bytes of the WKB of `g`. */
export function wkbSize(g: Geometry): number {
  const ring = (r: Position[]) => 4 + r.length * 16;
  switch (g.type) {
    case 'Point':
      return 5 + 16;
    case 'LineString':
      return 5 + ring(g.coordinates);
    case 'Polygon':
      return 9 + g.coordinates.reduce((s, r) => s + ring(r), 0);
    case 'MultiPolygon':
      return 9 + g.coordinates.reduce((s, p) => s + 9 + p.reduce((t, r) => t + ring(r), 0), 0);
  }
}

/**
 * Writes the WKB of `g` into `view` from byte `o`; `visit` sees every position written (a GeoPackage header
 * needs the envelope, computed in the same pass). Returns the offset after the last byte.
 */
export function writeWkb(view: DataView, o: number, g: Geometry, visit?: (p: Position) => void): number {
  const point = (p: Position) => {
    view.setFloat64(o, p[0], true);
    view.setFloat64(o + 8, p[1], true);
    o += 16;
    visit?.(p);
  };
  const head = (type: number) => {
    view.setUint8(o, 1);
    view.setUint32(o + 1, type, true);
    o += 5;
  };
  const ring = (r: Position[]) => {
    view.setUint32(o, r.length, true);
    o += 4;
    r.forEach(point);
  };
  const polygon = (rings: Position[][]) => {
    head(TYPE.Polygon);
    view.setUint32(o, rings.length, true);
    o += 4;
    rings.forEach(ring);
  };
  switch (g.type) {
    case 'Point':
      head(TYPE.Point);
      point(g.coordinates);
      break;
    case 'LineString':
      head(TYPE.LineString);
      ring(g.coordinates);
      break;
    case 'Polygon':
      polygon(g.coordinates);
      break;
    case 'MultiPolygon':
      head(TYPE.MultiPolygon);
      view.setUint32(o, g.coordinates.length, true);
      o += 4;
      g.coordinates.forEach(polygon);
      break;
  }
  return o;
}

/** The WKB of `g` alone. */
export function encodeWkb(g: Geometry): Uint8Array {
  const buf = new ArrayBuffer(wkbSize(g));
  writeWkb(new DataView(buf), 0, g);
  return new Uint8Array(buf);
}
