// Encoded tiles kept in memory, keyed by layer, tile, the requester's comuni and the data version: a warm tile
// costs a lookup, not a query, an encoding and a gzip. A tile is never served stale: an edit through the server
// drops the tiles of its layers over the edited area (invalidateArea), and a commit by another connection (an
// import's or the audit's worker, the command line), which could be anywhere, moves SQLite's data_version and
// with it every tile.
import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import type { BBox } from '../domain/geometry/types.ts';
import { bufferedTileBox } from './tile-math.ts';
import { BUFFER_SHARE } from './to-tile.ts';

export interface EncodedTile {
  etag: string;
  raw: Uint8Array<ArrayBuffer>;
  /** null when empty (an empty tile is sent as it is). */
  gzip: Uint8Array<ArrayBuffer> | null;
}

/** Memory for cached tiles: some tens of thousands of typical parcel tiles. */
const MAX_BYTES = 128 * 1024 * 1024;

export function encodedTile(raw: Uint8Array<ArrayBuffer>): EncodedTile {
  return {
    etag: `"${createHash('sha1').update(raw).digest('base64url')}"`,
    raw,
    gzip: raw.length > 0 ? (gzipSync(raw, { level: 6 }) as Uint8Array<ArrayBuffer>) : null,
  };
}

/** A cached tile's key: layer, tile and the requester's comuni (sorted; `*` for anonymous). */
export function tileKey(layer: string, z: number, x: number, y: number, comuni: readonly string[] | null): string {
  return `${layer}/${z}/${x}/${y}/${comuni ? [...comuni].sort().join(',') : '*'}`;
}

export interface TileCache {
  get(key: string, make: () => Uint8Array<ArrayBuffer>): { tile: EncodedTile; hit: boolean };
  /** A change in `box` (lon/lat) of what `layers` show: their cached tiles over it are dropped, no others. */
  invalidateArea(layers: ReadonlySet<string>, box: BBox): number;
}

export function tileCache(db: DatabaseSync): TileCache {
  const cache = new LRUCache<string, EncodedTile>({
    maxSize: MAX_BYTES,
    sizeCalculation: (t) => t.raw.byteLength + (t.gzip?.byteLength ?? 0) + 200,
  });
  const dataVersion = db.prepare('PRAGMA data_version');
  let seen: unknown;
  return {
    get(key, make) {
      const version = (dataVersion.get() as { data_version: number }).data_version;
      if (version !== seen) {
        cache.clear(); // old versions are never asked again: free their memory at once
        seen = version;
      }
      const cached = cache.get(key);
      if (cached) return { tile: cached, hit: true };
      const tile = encodedTile(make());
      cache.set(key, tile);
      return { tile, hit: false };
    },
    invalidateArea(layers, box) {
      let dropped = 0;
      for (const key of [...cache.keys()]) {
        const [layer, z, x, y] = key.split('/');
        if (!layers.has(layer!)) continue;
        const t = bufferedTileBox(Number(z), Number(x), Number(y), BUFFER_SHARE);
        if (t.minx <= box.maxx && t.maxx >= box.minx && t.miny <= box.maxy && t.maxy >= box.miny) {
          cache.delete(key);
          dropped++;
        }
      }
      return dropped;
    },
  };
}
