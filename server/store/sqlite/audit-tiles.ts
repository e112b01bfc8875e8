// The audit's map layers, for tax staff only (the tile route checks the layer's roles): buildings by the €
// still claimable on them, and the objects with findings coloured by the state of their work.

import type { Db } from '../../db/open.ts';
import { bboxParams, rtreeFrom } from '../../db/rtree.ts';
import { LIVE_STATES } from '../../domain/audit/workflow.ts';
import type { BBox } from '../../domain/geometry/types.ts';
import type { TileProvider } from '../tiles.ts';

type Row = Record<string, string | number | null>;

/** Parcel features get ids above every building id, so that the two never share a feature id in one source. */
export const PARCEL_FEATURE_ID_OFFSET = 1e12;

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Which state colours an object with several findings: the one that most needs attention. */
const DOMINANT_STATE = `CASE min(CASE f.state WHEN 'in_istruttoria' THEN 1 WHEN 'da_verificare' THEN 2
  WHEN 'accertato' THEN 3
  WHEN 'archiviato' THEN 4 ELSE 5 END) WHEN 1 THEN 'in_istruttoria' WHEN 2 THEN 'da_verificare' WHEN 3 THEN 'accertato'
  WHEN 4 THEN 'archiviato' ELSE 'non_piu_riscontrato' END`;

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
