// A building's row, its edits with optimistic locking (a stale version never overwrites) and its history.
import { etagOf } from '../../buildings/dossier.ts';
import { changedFields, STALE } from '../../buildings/update.ts';
import type { Db } from '../../db/open.ts';
import { transaction } from '../../db/transaction.ts';
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
import { recordChange } from './record-change.ts';

/** The building row if the user's comuni include it; 404 otherwise (another comune's data does not exist for them). */
export function loadBuilding(db: Db, user: User, id: number): BuildingRow {
  const b = db.prepare('SELECT * FROM buildings WHERE id = ?').get(id) as BuildingRow | undefined;
  if (!b || !inScope(user, b.comune)) throw buildingNotFound(id);
  return b;
}

function updateBuilding(db: Db, user: User, id: number, ifMatch: string, changes: BuildingChanges): BuildingRow {
  return transaction(db, () => {
    const current = loadBuilding(db, user, id);
    checkIfMatch(ifMatch, etagOf(current), STALE, { current_etag: etagOf(current), current_version: current.version });
    const { footprint, ...attrs } = changes;
    const set: Record<string, string | number | null> = { ...attrs };
    if (footprint !== undefined) {
      const { geometry, box } = validFootprint(footprint);
      checkOverlaps(geometry, footprintsNear(db, current.comune, box, id));
      Object.assign(set, footprintColumns(geometry, box));
    }
    const { before, after } = changedFields(current, set);
    if (Object.keys(after).length === 0) return current; // nothing changes: no new version
    const cols = Object.keys(set);
    const res = db
      .prepare(`UPDATE buildings SET ${cols.map((k) => `${k} = ?`).join(', ')}, version = version + 1,
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND version = ?`)
      .run(...cols.map((k) => set[k]!), id, current.version);
    if (res.changes !== 1) throw staleVersionError(STALE_BUILDING);
    recordChange(db, { entity: 'building', entityId: id, user, before, after });
    return loadBuilding(db, user, id);
  });
}

function buildingHistory(db: Db, user: User, id: number): HistoryEntry[] {
  loadBuilding(db, user, id);
  const rows = db
    .prepare('SELECT id, at, username, before, after FROM history WHERE entity = ? AND entity_id = ? ORDER BY id DESC')
    .all('building', id) as HistoryRow[];
  return rows.map(toHistoryEntry);
}

export function sqliteBuildings(db: Db): BuildingStore {
  return {
    records: async (user, id) => buildingRecords(db, loadBuilding(db, user, id)),
    etag: async (user, id) => etagOf(loadBuilding(db, user, id)),
    bbox: async (user, id) => {
      const { minx, miny, maxx, maxy } = loadBuilding(db, user, id);
      return { minx, miny, maxx, maxy };
    },
    update: async (user, id, ifMatch, changes) => updateBuilding(db, user, id, ifMatch, changes),
    history: async (user, id) => buildingHistory(db, user, id),
  };
}
