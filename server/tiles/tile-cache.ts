// Encoded tiles kept in memory, keyed by layer, tile and the requester's comuni: a warm tile costs a lookup, not
// a query, an encoding and a gzip. A tile is never served stale: an edit through this process drops the tiles of
// its layers over the edited area (invalidateArea); when another connection has committed (another web process,
// an import's worker, the command line), the changes the database logged in tile_changes drop theirs the same
// way. A commit that changed nothing the map shows (a finding's state, a rate) drops nothing.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { unionBox } from '../domain/geometry/bbox.ts';
import type { BBox } from '../domain/geometry/types.ts';
import type { TileChangeFeed } from '../store/tile-changes.ts';
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
  /** On a miss, `make` is awaited and its tile kept, unless the cache dropped tiles meanwhile. */
  get(key: string, make: () => Promise<Uint8Array<ArrayBuffer>>): Promise<{ tile: EncodedTile; hit: boolean }>;
  /** A change in `box` (lon/lat) of what `layers` show: their cached tiles over it are dropped, no others. */
  invalidateArea(layers: ReadonlySet<string>, box: BBox): number;
}

/**
 * `layersOf` names the cached layers drawn from a changed table. The changes of a table since the last look are
 * taken as one box (an import's thousands of rows cost one pass over the cache); a log that has moved on further
 * than it keeps drops every tile.
 */
export function tileCache(feed: TileChangeFeed, layersOf: (source: string) => ReadonlySet<string>): TileCache {
  const cache = new LRUCache<string, EncodedTile>({
    maxSize: MAX_BYTES,
    sizeCalculation: (t) => t.raw.byteLength + (t.gzip?.byteLength ?? 0) + 200,
  });
  let seen = feed.version();
  let applied = feed.last();
  /** Counts the drops: a tile made across one may hold what was dropped, and is not kept. */
  let drops = 0;
  const invalidateArea = (layers: ReadonlySet<string>, box: BBox | null) => {
    drops++;
    let dropped = 0;
    for (const key of [...cache.keys()]) {
      const [layer, z, x, y] = key.split('/');
      if (!layers.has(layer!)) continue;
      const t = bufferedTileBox(Number(z), Number(x), Number(y), BUFFER_SHARE);
      if (!box || (t.minx <= box.maxx && t.maxx >= box.minx && t.miny <= box.maxy && t.maxy >= box.miny)) {
        cache.delete(key);
        dropped++;
      }
    }
    return dropped;
  };
  /** Applies what other connections logged since this process last looked. */
  const catchUp = () => {
    const changes = feed.since(applied);
    if (changes.length === 0) return;
    if (changes[0]!.seq !== applied + 1) {
      drops++;
      cache.clear();
    } else {
      const boxes = new Map<string, BBox | null>();
      for (const { source, box } of changes) {
        const sofar = boxes.get(source);
        boxes.set(source, sofar === null || box === null ? null : sofar ? unionBox(sofar, box) : box);
      }
      for (const [source, box] of boxes) invalidateArea(layersOf(source), box);
    }
    applied = changes[changes.length - 1]!.seq;
  };
  return {
    async get(key, make) {
      const version = feed.version();
      if (version !== seen) {
        seen = version;
        catchUp();
      }
      const cached = cache.get(key);
      if (cached) return { tile: cached, hit: true };
      const before = drops;
      const tile = encodedTile(await make());
      // Two misses of one key may both make it: the later simply replaces the earlier.
      if (drops === before) cache.set(key, tile);
      return { tile, hit: false };
    },
    invalidateArea,
  };
}
