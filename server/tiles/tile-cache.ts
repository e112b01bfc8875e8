// Encoded tiles kept in memory, keyed by layer, tile, the requester's comuni and the data version: a warm tile
// costs a lookup, not a query, an encoding and a gzip. Any committed change moves the version, so a tile is
// never served stale: an edit through the server bumps its own counter, and a commit by another connection
// (an import's or the audit's worker, the command line) moves SQLite's data_version.
import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';

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

export interface TileCache {
  get(key: string, make: () => Uint8Array<ArrayBuffer>): { tile: EncodedTile; hit: boolean };
  /** A change made through this server's connection: every cached tile may be stale. */
  invalidate(): void;
}

export function tileCache(db: DatabaseSync): TileCache {
  const cache = new LRUCache<string, EncodedTile>({
    maxSize: MAX_BYTES,
    sizeCalculation: (t) => t.raw.byteLength + (t.gzip?.byteLength ?? 0) + 200,
  });
  const dataVersion = db.prepare('PRAGMA data_version');
  let local = 0;
  let seen = '';
  return {
    get(key, make) {
      const version = `${(dataVersion.get() as { data_version: number }).data_version}.${local}`;
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
    invalidate() {
      local++;
    },
  };
}
