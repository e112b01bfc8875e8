import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

/** The XYZ tile that contains lon/lat at zoom z. */
export function tileOf(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [z, x, y];
}

export async function decodeTile(res: Response): Promise<VectorTile> {
  let bytes = new Uint8Array(await res.arrayBuffer());
  if (res.headers.get('content-encoding') === 'gzip') bytes = new Uint8Array(gunzipSync(bytes));
  return new VectorTile(new PbfReader(bytes));
}
