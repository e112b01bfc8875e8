// Any EPSG code PROJ knows, from the epsg-index package (one small JSON file per code, read on first use):
// its PROJ string for transforms and its WKT for GeoPackages. A static table, like the comuni's registry.
import { createRequire } from 'node:module';
import type { BBox } from '../geometry/types.ts';

export interface EpsgEntry {
  code: number;
  name: string;
  kind: string;
  wkt: string;
  proj4: string;
  /** Area of use in WGS84 degrees, as EPSG states it; null when the index gives none. */
  area: BBox | null;
}

const require = createRequire(import.meta.url);
const cache = new Map<number, EpsgEntry | null>();

/**
 * domain.md: Monte Mario without the 7-parameter shift is ~80 m off. The index gives it for the national
 * codes; any Monte Mario system that lacks it gets it here.
 */
const MONTE_MARIO_TOWGS84 = '+towgs84=-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68';

/** The EPSG coordinate reference system `code`, or null when the index has no CRS by that code. */
export function epsgEntry(code: number): EpsgEntry | null {
  if (!Number.isInteger(code) || code <= 0 || code > 999_999) return null;
  if (!cache.has(code)) {
    let entry: EpsgEntry | null = null;
    try {
      const e = require(`epsg-index/s/${code}.json`) as Omit<EpsgEntry, 'code' | 'area'> & {
        bbox?: [number, number, number, number]; // north, west, south, east
      };
      if (e.kind.startsWith('CRS-') && e.proj4 && e.wkt) {
        const proj4 = e.proj4.replace(/\s*\+type=crs\b/, '');
        const shifted =
          /Monte Mario/i.test(e.name) && !proj4.includes('+towgs84') ? `${proj4} ${MONTE_MARIO_TOWGS84}` : proj4;
        const [n, w, south, east] = e.bbox ?? [];
        const area = n === undefined ? null : { minx: w!, miny: south!, maxx: east!, maxy: n };
        entry = { code, name: e.name, kind: e.kind, wkt: e.wkt, proj4: shifted, area };
      }
    } catch {
      entry = null; // no such file: not an EPSG CRS
    }
    cache.set(code, entry);
  }
  return cache.get(code)!;
}

/** "EPSG:32633" → 32633; null for anything else. */
export function epsgCode(crs: string): number | null {
  const m = /^EPSG:(\d{1,6})$/i.exec(crs.trim());
  return m ? Number(m[1]) : null;
}
