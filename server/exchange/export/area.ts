// The part of a comune an export covers: all of it, a bounding box (the current view) or a drawn polygon.

import type { DatabaseSync } from 'node:sqlite';
import { booleanIntersects } from '@turf/turf';
import { bboxParams, rtreeFrom } from '../../db/rtree.ts';
import { bboxOf } from '../../domain/geometry/bbox.ts';
import type { AreaGeometry } from '../../domain/geometry/types.ts';

export type ExportArea =
  | { kind: 'comune' }
  | { kind: 'bbox'; bbox: [number, number, number, number] }
  | { kind: 'polygon'; polygon: AreaGeometry };

const TABLES = ['parcels', 'buildings', 'overlays', 'streets'] as const;

/** Fills the temp tables sel_<table> with the ids of the features inside the area. */
export function selectArea(db: DatabaseSync, comune: string, area: ExportArea): void {
  for (const t of TABLES) {
    db.exec(`DROP TABLE IF EXISTS temp.sel_${t}; CREATE TEMP TABLE sel_${t} (id INTEGER PRIMARY KEY)`);
    if (area.kind === 'comune') {
      db.prepare(`INSERT INTO sel_${t} SELECT id FROM ${t} WHERE comune = ?`).run(comune);
      continue;
    }
    const box =
      area.kind === 'bbox'
        ? { minx: area.bbox[0], miny: area.bbox[1], maxx: area.bbox[2], maxy: area.bbox[3] }
        : bboxOf(area.polygon);
    const rows = db
      .prepare(`SELECT t.id, t.geom ${rtreeFrom(t, 't')} AND t.comune = ?`)
      .all(...bboxParams(box), comune) as { id: number; geom: string }[];
    const insert = db.prepare(`INSERT INTO sel_${t} VALUES (?)`);
    for (const r of rows) {
      if (area.kind === 'polygon' && !booleanIntersects(area.polygon, JSON.parse(r.geom))) continue;
      insert.run(r.id);
    }
  }
}

/** Fills sel_findings with the given findings of the comune, or all of them; the area applies in the layer's SQL. */
export function selectFindings(db: DatabaseSync, comune: string, ids: number[] | undefined): void {
  db.exec('DROP TABLE IF EXISTS temp.sel_findings; CREATE TEMP TABLE sel_findings (id INTEGER PRIMARY KEY)');
  if (ids === undefined) {
    db.prepare('INSERT INTO sel_findings SELECT id FROM audit_findings WHERE comune = ?').run(comune);
    return;
  }
  db.prepare(`INSERT INTO sel_findings SELECT f.id FROM json_each(?) j JOIN audit_findings f ON f.id = j.value
    WHERE f.comune = ?`).run(JSON.stringify(ids), comune);
}

export function dropArea(db: DatabaseSync): void {
  for (const t of [...TABLES, 'findings']) db.exec(`DROP TABLE IF EXISTS temp.sel_${t}`);
}
