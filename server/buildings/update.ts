// Attribute (and footprint) corrections with optimistic locking: a stale version never overwrites.
import type { User } from '../auth/users.ts';
import type { Db } from '../db/open.ts';
import { transaction } from '../db/transaction.ts';
import { bboxOf } from '../domain/geometry/bbox.ts';
import { OVERLAP, overlapOf } from '../domain/geometry/overlap.ts';
import type { AreaGeometry, BBox } from '../domain/geometry/types.ts';
import { validateAreaGeometry } from '../domain/geometry/validate.ts';
import { num } from '../domain/tax/money.ts';
import { invalidError, staleVersionError } from '../errors/domain-error.ts';
import { checkIfMatch } from '../http/preconditions.ts';
import { footprintsNear } from '../store/sqlite/footprints-near.ts';
import { recordChange } from '../store/sqlite/record-change.ts';
import { type BuildingRow, etagOf, loadBuilding } from './dossier.ts';
import type { BuildingPatch } from './patch-schema.ts';

export const STALE = "L'edificio è stato modificato da un altro utente: ricaricare la scheda e ripetere la modifica";

export function updateBuilding(db: Db, user: User, id: number, ifMatch: string, patch: BuildingPatch): BuildingRow {
  return transaction(db, () => {
    const current = loadBuilding(db, user, id);
    checkIfMatch(ifMatch, etagOf(current), STALE, { current_etag: etagOf(current), current_version: current.version });
    const { footprint, ...attrs } = patch;
    const set: Record<string, string | number | null> = { ...attrs };
    if (footprint !== undefined) {
      const v = validateAreaGeometry(footprint);
      if (!v.ok) throw invalidError('Geometria non valida', [{ path: 'footprint', ...v.problem }]);
      const box = bboxOf(v.geometry);
      const overlaps = overlapsWithNeighbours(db, current.comune, id, v.geometry, box);
      if (overlaps.length) throw invalidError("L'impronta si sovrappone ad altri edifici", overlaps);
      set.geom = JSON.stringify(v.geometry);
      Object.assign(set, box);
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const row = current as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(set)) {
      if (row[k] === v) continue;
      if (['minx', 'miny', 'maxx', 'maxy'].includes(k)) continue;
      before[k === 'geom' ? 'footprint' : k] = k === 'geom' ? JSON.parse(row[k] as string) : row[k];
      after[k === 'geom' ? 'footprint' : k] = k === 'geom' ? JSON.parse(v as string) : v;
    }
    if (Object.keys(after).length === 0) return current; // nothing changes: no new version
    const cols = Object.keys(set);
    const res = db
      .prepare(`UPDATE buildings SET ${cols.map((k) => `${k} = ?`).join(', ')}, version = version + 1,
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND version = ?`)
      .run(...cols.map((k) => set[k]!), id, current.version);
    if (res.changes !== 1) throw staleVersionError("L'edificio è stato modificato da un altro utente");
    recordChange(db, { entity: 'building', entityId: id, user, before, after });
    return loadBuilding(db, user, id);
  });
}

/** The problems of a footprint overlapping the comune's other standing buildings, one per neighbour. */
function overlapsWithNeighbours(db: Db, comune: string, id: number, footprint: AreaGeometry, box: BBox) {
  return footprintsNear(db, comune, box, id).flatMap((n) => {
    const o = overlapOf(footprint, n.footprint);
    if (!o) return [];
    return [
      {
        path: 'footprint',
        reason: OVERLAP,
        message: `si sovrappone per ${num(o.area_m2)} m² all'edificio ${n.code}`,
        location: o.location,
        building: { id: n.id, code: n.code },
        overlap: o.geometry,
      },
    ];
  });
}

export function buildingHistory(db: Db, user: User, id: number) {
  loadBuilding(db, user, id);
  const rows = db
    .prepare('SELECT id, at, username, before, after FROM history WHERE entity = ? AND entity_id = ? ORDER BY id DESC')
    .all('building', id) as { before: string; after: string }[];
  return rows.map((r) => ({ ...r, before: JSON.parse(r.before), after: JSON.parse(r.after) }));
}
