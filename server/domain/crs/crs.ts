// CRS definitions (see domain.md). Monte Mario needs the explicit 7-parameter shift, else ~80 m off.
import proj4 from 'proj4';

const MONTE_MARIO_TOWGS84 = '+towgs84=-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68';

export const CRS_DEFS: Record<string, string> = {
  'EPSG:4326': '+proj=longlat +datum=WGS84 +no_defs',
  'EPSG:3857': '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
  'EPSG:6706': '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs',
  'EPSG:7791': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:7792': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:25832': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:32632': '+proj=utm +zone=32 +datum=WGS84 +units=m +no_defs',
  'EPSG:3003': `+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=1500000 +y_0=0 +ellps=intl ${MONTE_MARIO_TOWGS84} +units=m +no_defs`,
  'EPSG:3004': `+proj=tmerc +lat_0=0 +lon_0=15 +k=0.9996 +x_0=2520000 +y_0=0 +ellps=intl ${MONTE_MARIO_TOWGS84} +units=m +no_defs`,
};

for (const [code, def] of Object.entries(CRS_DEFS)) proj4.defs(code, def);

export type Transform = (p: [number, number]) => [number, number];

/** Known EPSG code, or a PROJ string such as a cadastral Cassini-Soldner origin the user supplies. */
export function isSupportedCrs(crs: string): boolean {
  return CRS_DEFS[crs] !== undefined || /^\+proj=/.test(crs.trim());
}

/** A point transform between two CRSs (x,y = lon,lat or E,N); each an EPSG code of CRS_DEFS or a PROJ string. */
export function transformer(from: string, to: string): Transform {
  for (const c of [from, to]) if (!isSupportedCrs(c)) throw new Error(`CRS non supportato: ${c} (ammessi: ${Object.keys(CRS_DEFS).join(', ')} o una stringa PROJ)`);
  const def = (c: string) => CRS_DEFS[c] ? c : c.trim();
  const conv = proj4(def(from), def(to));
  return (p) => conv.forward(p) as [number, number];
}
