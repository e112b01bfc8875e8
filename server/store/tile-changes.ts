import type { BBox } from '../domain/geometry/types.ts';

/** Rows of `source` (a table the tiles show) changed within `box` (null: anywhere). */
export interface TileChange {
  seq: number;
  source: string;
  box: BBox | null;
}

/** What a tile cache needs to stay fresh when other connections write. */
export interface TileChangeFeed {
  /** Moves when another connection commits (SQLite's data_version). */
  version(): number;
  /** The last change recorded so far (0 when none). */
  last(): number;
  /** Changes after `seq`, in order. */
  since(seq: number): TileChange[];
}
