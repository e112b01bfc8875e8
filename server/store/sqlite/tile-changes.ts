// The log of where the map's data changed (migration 017: triggers on the tables tiles show write it in the
// transaction of each change), read by every web process's tile cache when another connection has committed.
import type { DatabaseSync } from 'node:sqlite';
import type { BBox } from '../../domain/geometry/types.ts';
import type { TileChange, TileChangeFeed } from '../tile-changes.ts';
import { dataVersion } from './data-version.ts';

export function sqliteTileChangeFeed(db: DatabaseSync): TileChangeFeed {
  const since = db.prepare('SELECT seq, source, minx, miny, maxx, maxy FROM tile_changes WHERE seq > ? ORDER BY seq');
  const last = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM tile_changes');
  return {
    version: () => dataVersion(db, 'main'),
    last: () => (last.get() as { seq: number }).seq,
    since: (seq) =>
      (since.all(seq) as unknown as (BBox & { seq: number; source: string })[]).map(
        ({ seq, source, ...b }): TileChange => ({ seq, source, box: b.minx === null ? null : b }),
      ),
  };
}
