// A layer's features inside a tile (the reference: sqlite/tiles.ts and sqlite/audit-tiles.ts). PostGIS finds the
// rows through the GiST index; the clipping and the tile coordinates are the SQLite engine's own (tiles/to-tile.ts),
// so both engines draw the same tile. mvt.ts builds the tile in PostGIS instead, from the same rows.
import { LIVE_STATES } from '../../domain/audit/workflow.ts';
import { bufferedTileBox } from '../../tiles/tile-math.ts';
import { BUFFER_SHARE, type FeatureRow, toTileFeatures } from '../../tiles/to-tile.ts';
import { DOMINANT_STATE, PARCEL_FEATURE_ID_OFFSET } from '../shared/finding-tiles.ts';
import type { Store } from '../store.ts';
import type { LayerSource, TileProvider } from '../tiles.ts';
import { asGeoJson } from './geojson.ts';
import type { PgPool } from './open.ts';
import { roundedTotal } from './sql-helpers.ts';

/** SQLite's round(total(f.claimable_eur), 2) (claimable_eur is never NULL, and every group has a finding). */
const CLAIMABLE = roundedTotal('f.claimable_eur');

/**
 * SQLite's group_concat(DISTINCT f.rule): each rule once, in the order of the findings (their index on the object
 * reads them by id), not sorted as string_agg(DISTINCT …) would.
 */
const rulesOf = (where: string) => `(SELECT string_agg(d.rule::text, ',' ORDER BY d.first)
  FROM (SELECT rule, min(id) AS first FROM audit_findings WHERE ${where} GROUP BY rule) d)`;

/**
 * The rows of a tile: `id` (bigint), `geom` (4326) and the source's columns. `area` is the search area, a
 * geometry in 4326 written with $1…$4 (the caller's parameters); the query's own parameters follow from $5.
 * Null when the source has nothing for these comuni (`comuni` null: every comune, the public map).
 */
export function tileRowsQuery(
  source: LayerSource,
  area: string,
  comuni: string[] | null,
): { sql: string; params: unknown[] } | null {
  if (comuni && comuni.length === 0) return null;
  if ('provider' in source) return comuni ? providerQuery(source.provider, area, comuni) : null;
  const { table, only = {}, properties, comuneColumn } = source;
  const params: unknown[] = [];
  const bind = (v: unknown) => `$${params.push(v) + 4}`;
  const where = [`t.geom && ${area}`];
  if (comuni) where.push(`t."${comuneColumn}" = ANY(${bind(comuni)}::text[])`);
  for (const [column, values] of Object.entries(only)) where.push(`t."${column}" = ANY(${bind(values)}::text[])`);
  const columns = ['geom', ...properties].map((p) => `t."${p}"`).join(', ');
  // comuni has no id (SQLite numbers it with its rowid): its Belfiore code, E617 → 5617, is unique and stable.
  const id = table === 'comuni' ? '(ascii(t.code) - 64) * 1000 + substr(t.code, 2)::int' : 't.id';
  return { sql: `SELECT ${id}::bigint AS id, ${columns} FROM ${table} t WHERE ${where.join(' AND ')}`, params };
}

function providerQuery(provider: TileProvider, area: string, comuni: string[]): { sql: string; params: unknown[] } {
  if (provider === 'tax-recovery') {
    return {
      sql: `SELECT t.id::bigint AS id, t.geom, t.code, ${CLAIMABLE} AS claimable_eur, count(*)::int AS findings,
        ${rulesOf('building_id = t.id AND state = ANY($6::text[])')} AS rules
      FROM buildings t JOIN audit_findings f ON f.building_id = t.id AND f.state = ANY($6::text[])
      WHERE t.geom && ${area} AND t.comune = ANY($5::text[]) GROUP BY t.id`,
      params: [comuni, LIVE_STATES],
    };
  }
  const aggregates = `${DOMINANT_STATE} AS state, count(*)::int AS findings, ${CLAIMABLE} AS claimable_eur`;
  // Land (rule 7) has no building: the parcel is drawn, under an id no building has.
  return {
    sql: `SELECT t.id::bigint AS id, t.geom, 'edificio'::text AS object, t.id AS building_id,
        NULL::integer AS parcel_id, ${aggregates}, ${rulesOf('building_id = t.id')} AS rules
      FROM buildings t JOIN audit_findings f ON f.building_id = t.id
      WHERE t.geom && ${area} AND t.comune = ANY($5::text[]) GROUP BY t.id
    UNION ALL
    SELECT t.id::bigint + $6 AS id, t.geom, 'particella'::text AS object, NULL::integer AS building_id,
        t.id AS parcel_id, ${aggregates}, ${rulesOf('parcel_id = t.id AND building_id IS NULL')} AS rules
      FROM parcels t JOIN audit_findings f ON f.parcel_id = t.id AND f.building_id IS NULL
      WHERE t.geom && ${area} AND t.comune = ANY($5::text[]) GROUP BY t.id`,
    params: [comuni, PARCEL_FEATURE_ID_OFFSET],
  };
}

/**
 * Store.tileFeatures on PostgreSQL. Rows are searched in the same lon/lat box as SQLite's R*Tree (the tile and its
 * buffer, in degrees), so that the two engines clip the same rows. Features come by id (SQLite's come in its
 * R*Tree's order, which means nothing).
 */
export function pgTileFeatures(pool: PgPool): Store['tileFeatures'] {
  return async (source, z, x, y, comuni) => {
    const query = tileRowsQuery(source, 'ST_MakeEnvelope($1, $2, $3, $4, 4326)', comuni);
    if (!query) return [];
    const box = bufferedTileBox(z, x, y, BUFFER_SHARE);
    const properties = source.properties.map((p) => `, r."${p}"`).join('');
    const { rows } = await pool.query<FeatureRow>(
      `SELECT r.id::float8 AS id, ${asGeoJson('r.geom')} AS geom${properties} FROM (${query.sql}) r ORDER BY r.id`,
      [box.minx, box.miny, box.maxx, box.maxy, ...query.params],
    );
    return toTileFeatures(rows, source.properties, z, x, y);
  };
}
