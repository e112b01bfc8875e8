// GeoPackage geometry blobs (OGC 12-128 §2.1.3): "GP" header with srs_id and envelope, then ISO WKB.
// Little-endian throughout; envelope [minx, maxx, miny, maxy].
import type { Geometry, Position } from '../../domain/geometry/types.ts';
import { wkbSize, writeWkb } from '../../domain/geometry/wkb.ts';

/** Encodes a geometry whose coordinates are already in the target CRS. */
export function encodeGpkgGeometry(
  g: Geometry,
  srsId: number,
): { blob: Uint8Array; minx: number; maxx: number; miny: number; maxy: number } {
  const header = 8 + 32;
  const buf = new ArrayBuffer(header + wkbSize(g));
  const view = new DataView(buf);
  let minx = Infinity,
    maxx = -Infinity,
    miny = Infinity,
    maxy = -Infinity;
  writeWkb(view, header, g, ([x, y]) => {
    if (x < minx) minx = x;
    if (x > maxx) maxx = x;
    if (y < miny) miny = y;
    if (y > maxy) maxy = y;
  });
  view.setUint8(0, 0x47);
  view.setUint8(1, 0x50);
  view.setUint8(2, 0); // "GP", version 0
  view.setUint8(3, 0b0000_0011); // little-endian, envelope [minx, maxx, miny, maxy], standard binary
  view.setInt32(4, srsId, true);
  view.setFloat64(8, minx, true);
  view.setFloat64(16, maxx, true);
  view.setFloat64(24, miny, true);
  view.setFloat64(32, maxy, true);
  return { blob: new Uint8Array(buf), minx, maxx, miny, maxy };
}

export class GpkgBlobError extends Error {}

/** Decodes a GeoPackage geometry blob (any envelope, either byte order, 2D/Z/M WKB: Z and M are dropped). */
export function decodeGpkgGeometry(bytes: Uint8Array): { srsId: number; geometry: Geometry | null } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || view.getUint8(0) !== 0x47 || view.getUint8(1) !== 0x50)
    throw new GpkgBlobError("non è una geometria GeoPackage (manca l'intestazione GP)");
  const flags = view.getUint8(3);
  const le = (flags & 1) === 1;
  const envelope = (flags >> 1) & 7;
  const empty = (flags >> 4) & 1;
  if ((flags >> 5) & 1) throw new GpkgBlobError('geometria GeoPackage estesa non supportata');
  const srsId = view.getInt32(4, le);
  if (empty) return { srsId, geometry: null };
  const envBytes = [0, 32, 48, 48, 64][envelope];
  if (envBytes === undefined) throw new GpkgBlobError(`indicatore di envelope non valido: ${envelope}`);
  let o = 8 + envBytes;
  const read = (): Geometry | Position[][][] => {
    const wle = view.getUint8(o) === 1;
    let type = view.getUint32(o + 1, wle);
    o += 5;
    // ISO (1000/2000/3000 offsets) and EWKB-style flags for Z/M.
    let dims = 2;
    if (type & 0x80000000) {
      dims++;
      type &= 0x0fffffff;
    }
    if (type & 0x40000000) {
      dims++;
      type &= 0x0fffffff;
    }
    if (type > 1000) {
      dims += type >= 3000 ? 2 : 1;
      type %= 1000;
    }
    const pt = (): Position => {
      const p: Position = [view.getFloat64(o, wle), view.getFloat64(o + 8, wle)];
      o += 8 * dims;
      return p;
    };
    const pts = () => {
      const n = view.getUint32(o, wle);
      o += 4;
      return Array.from({ length: n }, pt);
    };
    const rings = () => {
      const n = view.getUint32(o, wle);
      o += 4;
      return Array.from({ length: n }, pts);
    };
    switch (type) {
      case 1:
        return { type: 'Point', coordinates: pt() };
      case 2:
        return { type: 'LineString', coordinates: pts() };
      case 3:
        return { type: 'Polygon', coordinates: rings() };
      case 6: {
        const n = view.getUint32(o, wle);
        o += 4;
        return {
          type: 'MultiPolygon',
          coordinates: Array.from({ length: n }, () => (read() as { coordinates: Position[][] }).coordinates),
        };
      }
      default:
        throw new GpkgBlobError(`tipo WKB non supportato: ${type}`);
    }
  };
  return { srsId, geometry: read() as Geometry };
}
