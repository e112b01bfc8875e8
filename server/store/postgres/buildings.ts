// A building's row, its edits with optimistic locking (a stale version never overwrites) and its history: the
// PostgreSQL twin of store/sqlite/buildings.ts, with the same rules (etagOf, checkIfMatch, overlapProblems,
// changedFields) and the same errors.
import type { PoolClient } from 'pg';
import { etagOf } from '../../buildings/dossier.ts';
import { changedFields, STALE } from '../../buildings/update.ts';
import type { User } from '../../domain/users/user.ts';
import { staleVersionError } from '../../errors/domain-error.ts';
import { checkIfMatch } from '../../http/preconditions.ts';
import { inScope } from '../../policy/policy.ts';
import type { BuildingChanges, BuildingRow, BuildingStore, HistoryEntry } from '../buildings.ts';
import {
  buildingNotFound,
  checkOverlaps,
  footprintColumns,
  type HistoryRow,
  STALE_BUILDING,
  toHistoryEntry,
  validFootprint,
} from '../shared/building-edit.ts';
import { buildingRecords } from './building-dossier.ts';
import { footprintsNear } from './footprints-near.ts';
import { asGeoJson, canonicalGeoJson } from './geojson.ts';
import type { PgPool } from './open.ts';
import { recordChange } from './record-change.ts';
import { bboxColumns, type Queryable } from './sql-helpers.ts';
import { pgTransaction } from './transaction.ts';

/** The columns of SQLite's `SELECT * FROM buildings`, in its order: the bounding box comes from the geometry. */
const BUILDING_COLUMNS = `id, code, comune, ${asGeoJson('geom')} AS geom,
  ${bboxColumns('geom')},
  height, floors_above, floors_below, volume, year_built, use, status, structure, public_owner, note, version,
  updated_at`;

/** What an edit may write: column names are spliced into the UPDATE, so only these ever are. */
const EDITABLE = new Set([
  'height',
  'floors_above',
  'floors_below',
  'volume',
  'year_built',
  'use',
  'status',
  'structure',
  'public_owner',
  'note',
  'geom',
]);
const BOX = new Set(['minx', 'miny', 'maxx', 'maxy']);

/**
 * The building row if the user's comuni include it; 404 otherwise (another comune's data does not exist for them).
 * `lock`: inside an edit's transaction, so that a concurrent edit waits for it, then finds the version it wrote.
 */
export async function loadBuilding(q: Queryable, user: User, id: number, lock = false): Promise<BuildingRow> {
  const { rows } = await q.query<BuildingRow>(
    `SELECT ${BUILDING_COLUMNS} FROM buildings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  const b = rows[0];
  if (!b || !inScope(user, b.comune)) throw buildingNotFound(id);
  return { ...b, geom: canonicalGeoJson(b.geom) };
}

async function updateBuilding(
  c: PoolClient,
  user: User,
  id: number,
  ifMatch: string,
  changes: BuildingChanges,
): Promise<BuildingRow> {
  const current = await loadBuilding(c, user, id, true);
  checkIfMatch(ifMatch, etagOf(current), STALE, { current_etag: etagOf(current), current_version: current.version });
  const { footprint, ...attrs } = changes;
  const set: Record<string, string | number | null> = { ...attrs };
  if (footprint !== undefined) {
    const { geometry, box } = validFootprint(footprint);
    checkOverlaps(geometry, await footprintsNear(c, current.comune, box, id));
    Object.assign(set, footprintColumns(geometry, box));
  }
  const { before, after } = changedFields(current, set);
  if (Object.keys(after).length === 0) return current; // nothing changes: no new version
  const cols = Object.keys(set).filter((k) => !BOX.has(k)); // PostGIS keeps the box in the geometry
  const assignments = cols.map((k, i) => {
    if (!EDITABLE.has(k)) throw new Error(`colonna non modificabile: ${k}`);
    return k === 'geom' ? `geom = ST_SetSRID(ST_GeomFromGeoJSON($${i + 1}), 4326)` : `"${k}" = $${i + 1}`;
  });
  const res = await c.query(
    `UPDATE buildings SET ${assignments.join(', ')}, version = version + 1, updated_at = edigit_now()
      WHERE id = $${cols.length + 1} AND version = $${cols.length + 2}`,
    [...cols.map((k) => set[k]), id, current.version],
  );
  if (res.rowCount !== 1) throw staleVersionError(STALE_BUILDING);
  await recordChange(c, { entity: 'building', entityId: id, user, before, after });
  return loadBuilding(c, user, id);
}

async function buildingHistory(pool: PgPool, user: User, id: number): Promise<HistoryEntry[]> {
  await loadBuilding(pool, user, id);
  const { rows } = await pool.query<HistoryRow>(
    'SELECT id, at, username, before, after FROM history WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC',
    ['building', id],
  );
  return rows.map(toHistoryEntry);
}

export function pgBuildings(pool: PgPool): BuildingStore {
  return {
    records: async (user, id) => buildingRecords(pool, await loadBuilding(pool, user, id)),
    etag: async (user, id) => etagOf(await loadBuilding(pool, user, id)),
    bbox: async (user, id) => {
      const { minx, miny, maxx, maxy } = await loadBuilding(pool, user, id);
      return { minx, miny, maxx, maxy };
    },
    update: (user, id, ifMatch, changes) => pgTransaction(pool, (c) => updateBuilding(c, user, id, ifMatch, changes)),
    history: (user, id) => buildingHistory(pool, user, id),
  };
}
