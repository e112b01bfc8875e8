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

/** A point transform between two known CRSs (x,y = lon,lat or E,N). */
export function transformer(from: string, to: string): Transform {
  if (!CRS_DEFS[from] || !CRS_DEFS[to]) throw new Error(`CRS non supportato: ${!CRS_DEFS[from] ? from : to}`);
  const conv = proj4(from, to);
  return (p) => conv.forward(p) as [number, number];
}
