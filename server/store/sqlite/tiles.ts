// Reads one layer's features inside a tile from the R*Tree.
import type { Db } from '../../db/open.ts';
import { bboxParams, rtreeFrom } from '../../db/rtree.ts';
import type { BBox } from '../../domain/geometry/types.ts';
import { bufferedTileBox } from '../../tiles/tile-math.ts';
import { BUFFER_SHARE, type FeatureRow, toTileFeatures } from '../../tiles/to-tile.ts';
import type { LayerSource, TileFeature } from '../tiles.ts';
import { auditTileRows } from './audit-tiles.ts';

function tableRows(
  db: Db,
  source: Extract<LayerSource, { table: string }>,
  box: BBox,
  comuni: string[] | null,
): FeatureRow[] {
  const { table, only = {}, properties, comuneColumn } = source;
  const props = properties.map((p) => `t.${p}`).join(', ');
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const scope = comuni ? `AND t.${comuneColumn} IN (${marks(comuni.length)})` : '';
  const kept = Object.entries(only)
    .map(([column, values]) => `AND t.${column} IN (${marks(values.length)})`)
    .join(' ');
  const sql = `SELECT t.rowid AS id, t.geom${props ? `, ${props}` : ''} ${rtreeFrom(table, 't')} ${scope} ${kept}`;
  return db.prepare(sql).all(...bboxParams(box), ...(comuni ?? []), ...Object.values(only).flat()) as FeatureRow[];
}

/** Features of a layer (its `source`) in tile z/x/y; `comuni` null means every comune (public, anonymous read). */
export function tileFeatures(
  db: Db,
  source: LayerSource,
  z: number,
  x: number,
  y: number,
  comuni: string[] | null,
): TileFeature[] {
  if (comuni && comuni.length === 0) return [];
  // A margin so that features just outside still fill the tile's buffer.
  const box = bufferedTileBox(z, x, y, BUFFER_SHARE);
  const rows =
    'provider' in source
      ? comuni
        ? auditTileRows(db, source.provider, box, comuni)
        : []
      : tableRows(db, source, box, comuni);
  return toTileFeatures(rows, source.properties, z, x, y);
}
