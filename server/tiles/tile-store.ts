// Reads one layer's features inside a tile from the R*Tree.
import type { Db } from '../db/open.ts';
import { bboxParams, rtreeFrom } from '../db/rtree.ts';
import type { BBox, Geometry } from '../domain/geometry/types.ts';
import type { LayerDefinition } from '../layers/registry.ts';
import { auditTileRows } from '../store/sqlite/audit-tiles.ts';
import type { TileFeature } from './mvt-encode.ts';
import { bufferedTileBox, projector } from './tile-math.ts';
import { BUFFER_SHARE, EXTENT, toTileGeometry } from './to-tile.ts';

type Row = Record<string, string | number | null>;

function tableRows(
  db: Db,
  source: Extract<LayerDefinition['source'], { table: string }>,
  box: BBox,
  comuni: string[] | null,
): Row[] {
  const { table, only = {}, properties, comuneColumn } = source;
  const props = properties.map((p) => `t.${p}`).join(', ');
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const scope = comuni ? `AND t.${comuneColumn} IN (${marks(comuni.length)})` : '';
  const kept = Object.entries(only)
    .map(([column, values]) => `AND t.${column} IN (${marks(values.length)})`)
    .join(' ');
  const sql = `SELECT t.rowid AS id, t.geom${props ? `, ${props}` : ''} ${rtreeFrom(table, 't')} ${scope} ${kept}`;
  return db.prepare(sql).all(...bboxParams(box), ...(comuni ?? []), ...Object.values(only).flat()) as Row[];
}

/** Features of `layer` in tile z/x/y; `comuni` null means every comune (public, anonymous read). */
export function tileFeatures(
  db: Db,
  layer: LayerDefinition,
  z: number,
  x: number,
  y: number,
  comuni: string[] | null,
): TileFeature[] {
  if (comuni && comuni.length === 0) return [];
  // A margin so that features just outside still fill the tile's buffer.
  const box = bufferedTileBox(z, x, y, BUFFER_SHARE);
  const { source } = layer;
  const rows =
    'provider' in source
      ? comuni
        ? auditTileRows(db, source.provider, box, comuni)
        : []
      : tableRows(db, source, box, comuni);
  const { properties } = source;
  const project = projector(z, x, y, EXTENT);
  const features: TileFeature[] = [];
  for (const row of rows) {
    const geom = toTileGeometry(JSON.parse(row.geom as string) as Geometry, project);
    if (!geom) continue;
    const p: TileFeature['properties'] = {};
    for (const k of properties) p[k] = row[k] ?? null;
    features.push({ id: row.id as number, ...geom, properties: p });
  }
  return features;
}
