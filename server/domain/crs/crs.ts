// CRS definitions (see domain.md). Monte Mario needs the explicit 7-parameter shift, else ~80 m off.
import proj4 from 'proj4';
import { epsgCode, epsgEntry } from './epsg.ts';

const MONTE_MARIO_TOWGS84 = '+towgs84=-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68';

export const CRS_DEFS: Record<string, string> = {
  'EPSG:4326': '+proj=longlat +datum=WGS84 +no_defs',
  'EPSG:3857':
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
  'EPSG:6706': '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs',
  'EPSG:7791': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:7792': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:25832': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:32632': '+proj=utm +zone=32 +datum=WGS84 +units=m +no_defs',
  'EPSG:3003':
    '+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=1500000 +y_0=0 +ellps=intl ' +
    `${MONTE_MARIO_TOWGS84} +units=m +no_defs`,
  'EPSG:3004':
    '+proj=tmerc +lat_0=0 +lon_0=15 +k=0.9996 +x_0=2520000 +y_0=0 +ellps=intl ' +
    `${MONTE_MARIO_TOWGS84} +units=m +no_defs`,
};

for (const [code, def] of Object.entries(CRS_DEFS)) proj4.defs(code, def);

export type Transform = (p: [number, number]) => [number, number];

/**
 * The PROJ definition of a CRS: edigit's own (CRS_DEFS), any EPSG code PROJ knows (epsg-index), or a PROJ
 * string such as a cadastral Cassini-Soldner origin the user supplies; null when it is none of them.
 */
export function crsDefinition(crs: string): string | null {
  const c = crs.trim();
  const own = CRS_DEFS[c.toUpperCase()];
  if (own) return own;
  const code = epsgCode(c);
  if (code !== null) return epsgEntry(code)?.proj4 ?? null;
  return /^\+proj=/.test(c) ? c : null;
}

export const CRS_HINT =
  'un codice EPSG noto a PROJ (es. EPSG:7791, EPSG:3003, EPSG:32633) o una stringa PROJ (+proj=…)';

export function isSupportedCrs(crs: string): boolean {
  return crsDefinition(crs) !== null;
}

/** A point transform between two CRSs (x,y = lon,lat or E,N). */
export function transformer(from: string, to: string): Transform {
  const [a, b] = [crsDefinition(from), crsDefinition(to)];
  for (const [c, d] of [
    [from, a],
    [to, b],
  ] as const)
    if (d === null) throw new Error(`CRS non supportato: ${c} (${CRS_HINT})`);
  const conv = proj4(a!, b!);
  return (p) => conv.forward(p) as [number, number];
}
