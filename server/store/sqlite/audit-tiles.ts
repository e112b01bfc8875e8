// The audit's map layers, for tax staff only (the tile route checks the layer's roles): buildings by the €
// still claimable on them, and the objects with findings coloured by the state of their work.

import type { Db } from '../../db/open.ts';
import { bboxParams, rtreeFrom } from '../../db/rtree.ts';
import { LIVE_STATES } from '../../domain/audit/workflow.ts';
import type { BBox } from '../../domain/geometry/types.ts';
import { DOMINANT_STATE, PARCEL_FEATURE_ID_OFFSET } from '../shared/finding-tiles.ts';
import type { TileProvider } from '../tiles.ts';

type Row = Record<string, string | number | null>;

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function taxRecovery(db: Db, box: BBox, comuni: string[]): Row[] {
  return db
    .prepare(
      `SELECT t.id, t.geom, t.code, round(total(f.claimable_eur), 2) AS claimable_eur, count(*) AS findings,
      group_concat(DISTINCT f.rule) AS rules
    FROM (SELECT t.id, t.geom, t.code ${rtreeFrom('buildings', 't')} AND t.comune IN (${list(comuni.length)})) t
    CROSS JOIN audit_findings f ON f.building_id = t.id AND f.state IN (${list(LIVE_STATES.length)})
    GROUP BY t.id`,
    )
    .all(...bboxParams(box), ...comuni, ...LIVE_STATES) as Row[];
}

function auditFindings(db: Db, box: BBox, comuni: string[]): Row[] {
  const inComuni = `IN (${list(comuni.length)})`;
  const select = `${DOMINANT_STATE} AS state, count(*) AS findings, round(total(f.claimable_eur), 2) AS claimable_eur,
    group_concat(DISTINCT f.rule) AS rules`;
  const buildings = db
    .prepare(
      `SELECT t.id, t.geom, 'edificio' AS object, t.id AS building_id, NULL AS parcel_id, ${select}
    FROM (SELECT t.id, t.geom ${rtreeFrom('buildings', 't')} AND t.comune ${inComuni}) t
    CROSS JOIN audit_findings f ON f.building_id = t.id GROUP BY t.id`,
    )
    .all(...bboxParams(box), ...comuni) as Row[];
  // Land (rule 7) has no building: the parcel is drawn.
  const parcels = db
    .prepare(
      `SELECT t.id + ${PARCEL_FEATURE_ID_OFFSET} AS id, t.geom, 'particella' AS object, NULL AS building_id,
      t.id AS parcel_id, ${select}
    FROM (SELECT t.id, t.geom ${rtreeFrom('parcels', 't')} AND t.comune ${inComuni}) t
    CROSS JOIN audit_findings f ON f.parcel_id = t.id AND f.building_id IS NULL GROUP BY t.id`,
    )
    .all(...bboxParams(box), ...comuni) as Row[];
  return [...parcels, ...buildings];
}

export function auditTileRows(db: Db, provider: TileProvider, box: BBox, comuni: string[]): Row[] {
  return provider === 'tax-recovery' ? taxRecovery(db, box, comuni) : auditFindings(db, box, comuni);
}
