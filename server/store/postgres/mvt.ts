// A layer's tile built entirely by PostGIS (ST_AsMVTGeom, ST_AsMVT), from the same rows as tiles.ts: the same
// features and properties, in PostGIS's own clipping and encoding rather than tiles/to-tile.ts's and
// tiles/mvt-encode.ts's. Served as Store.tileMvt: the rows never travel to Node, only the tile's bytes.
import { BUFFER_SHARE, EXTENT } from '../../tiles/to-tile.ts';
import type { EngineTile } from '../store.ts';
import type { LayerSource } from '../tiles.ts';
import type { PgPool } from './open.ts';
import { tileRowsQuery } from './tiles.ts';

const EMPTY: EngineTile = { bytes: new Uint8Array(0), features: 0, firstId: null };

/**
 * The Mapbox Vector Tile of layer `name` (the layer id the client asks for) for tile z/x/y: one layer, extent
 * 4096, feature ids as in Store.tileFeatures, the source's properties (nulls left out). Empty when nothing is there.
 */
export async function pgTileMvt(
  pool: PgPool,
  source: LayerSource,
  z: number,
  x: number,
  y: number,
  comuni: string[] | null,
  name: string,
): Promise<EngineTile> {
  // The tile and its buffer in Web Mercator, where ST_AsMVTGeom clips; the GiST index wants the area in 4326.
  const area = 'ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => $4::float8), 4326)';
  const query = tileRowsQuery(source, area, comuni);
  if (!query) return EMPTY;
  const properties = source.properties.map((p) => `, r."${p}"`).join('');
  const nameParam = `$${5 + query.params.length}`;
  const { rows } = await pool.query<{ tile: Uint8Array | null; features: number; first: number | null }>(
    `SELECT ST_AsMVT(m, ${nameParam}, ${EXTENT}, 'geom', 'id') AS tile, count(*)::int AS features,
      min(m.id)::float8 AS first FROM (
      SELECT r.id, ST_AsMVTGeom(ST_Transform(r.geom, 3857), ST_TileEnvelope($1, $2, $3), ${EXTENT},
        ${BUFFER_SHARE * EXTENT}, true) AS geom${properties}
      FROM (${query.sql}) r ORDER BY r.id) m
    WHERE m.geom IS NOT NULL`,
    [z, x, y, BUFFER_SHARE, ...query.params, name],
  );
  const r = rows[0];
  return r?.tile && r.features > 0 ? { bytes: r.tile, features: r.features, firstId: r.first } : EMPTY;
}
