// Batched reads for the audit rules: per comune and year, one query per page of object ids (units or
// parcels), so memory stays bounded and no query runs per object.
import type { Db } from '../../db/open.ts';
import { bboxParams, rtreeFrom } from '../../db/rtree.ts';
import type { AgriculturalLand, AuditCandidates, BuildingWithoutUnits } from '../audit-candidates.ts';
import {
  footprintArea,
  CANDIDATE_PAGE as PAGE,
  POSITION_COLUMNS,
  positionOf,
  type CandidateRow as Row,
  TAXPAYER,
  yearBounds,
  zoneAt,
  zonePoint,
} from '../shared/candidate-rows.ts';
import { sqliteUnitPages } from './unit-page.ts';

/**
 * IMU positions of the year summed per subject and object, with the payments credited to them: the F24
 * lines linked to the position, plus the subject's unlinked lines of the year pro rata of the declared due.
 */
const positions = (objectColumn: 'unit_id' | 'parcel_id') => `pos AS (
  SELECT p.subject_id, p.${objectColumn} AS object_id, min(p.id) AS id, min(p.kind) AS kind,
    max(p.main_home) AS main_home,
    max(p.share) AS share, max(p.months) AS months, max(p.declared_value) AS declared_value,
      round(total(p.due), 2) AS due,
    round(total((SELECT total(m.amount) FROM imu_payments m WHERE m.position_id = p.id)
      + coalesce((SELECT total(m.amount) FROM imu_payments m WHERE m.subject_id = p.subject_id AND m.tax_year = :year
          AND m.comune = :comune AND m.position_id IS NULL), 0)
        * p.due / coalesce(nullif((SELECT total(q.due) FROM imu_positions q WHERE q.subject_id = p.subject_id
          AND q.year = :year AND q.comune = :comune), 0), 1)), 2) AS paid
  FROM imu_positions p WHERE p.${objectColumn} BETWEEN :lo AND :hi AND p.year = :year AND p.comune = :comune
  GROUP BY p.subject_id, p.${objectColumn})`;

export function sqliteAuditCandidates(db: Db): AuditCandidates {
  /** Runs `sql` for each page of ids of `table` in the comune, yielding the mapped rows of non-empty pages. */
  async function* paged<T>(
    table: 'units' | 'parcels',
    comune: string,
    year: number,
    sql: string,
    map: (rows: Row[]) => T[],
  ) {
    const range = db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM ${table} WHERE comune = ?`).get(comune) as {
      lo: number | null;
      hi: number | null;
    };
    if (range.lo === null || range.hi === null) return;
    const stmt = db.prepare(sql);
    for (let lo = range.lo; lo <= range.hi; lo += PAGE) {
      const rows = stmt.all({ ...yearBounds(year), year, comune, lo, hi: lo + PAGE - 1 }) as Row[];
      const out = map(rows);
      if (out.length) yield out;
    }
  }

  /** The zoning area a parcel lies in (its centroid), through the overlays' R*Tree. */
  const zoningStmt = () =>
    db.prepare(`SELECT o.code, o.name, o.buildable, o.geom ${rtreeFrom('overlays', 'o')}
    AND o.kind = 'zoning' AND o.comune = ?`);
  function zoneOf(stmt: ReturnType<typeof zoningStmt>, comune: string, geom: string): AgriculturalLand['zone'] {
    const point = zonePoint(geom);
    const [x, y] = point.geometry.coordinates as [number, number];
    const b = { minx: x, miny: y, maxx: x, maxy: y };
    return zoneAt(
      point,
      stmt.all(...bboxParams(b), comune) as { code: string; name: string; buildable: number; geom: string }[],
    );
  }

  return {
    unitPages: sqliteUnitPages(db),

    agriculturalLand(comune, year) {
      const zoning = zoningStmt();
      return paged(
        'parcels',
        comune,
        year,
        `WITH ${positions('parcel_id')}
        SELECT p.subject_id, ${TAXPAYER}, pa.id AS parcel_id, pa.foglio, pa.particella,
          coalesce(pa.superficie, 0) AS superficie,
          coalesce(pa.reddito_dominicale, 0) AS reddito_dominicale, pa.qualita, pa.geom,
          coalesce((SELECT CAST(r.share_num AS REAL) / r.share_den FROM rights r WHERE r.parcel_id = pa.id
            AND r.subject_id = p.subject_id AND r.valid_from <= :dec31 AND (r.valid_to IS NULL OR r.valid_to >= :jan1)
            ORDER BY r.valid_from DESC LIMIT 1), p.share) AS share,
          coalesce((SELECT max(min(r.valid_from), :jan1) FROM rights r WHERE r.parcel_id = pa.id
            AND r.subject_id = p.subject_id
            AND r.valid_from <= :dec31 AND (r.valid_to IS NULL OR r.valid_to >= :jan1)), :jan1) AS "from",
          coalesce((SELECT min(max(coalesce(r.valid_to, :dec31)), :dec31) FROM rights r WHERE r.parcel_id = pa.id
            AND r.subject_id = p.subject_id AND r.valid_from <= :dec31 AND (r.valid_to IS NULL
              OR r.valid_to >= :jan1)), :dec31) AS "to",
          ${POSITION_COLUMNS}
        FROM pos p JOIN parcels pa ON pa.id = p.object_id JOIN subjects s ON s.id = p.subject_id
        WHERE p.kind = 'terreno_agricolo' ORDER BY pa.id, p.subject_id`,
        (rows) =>
          rows.map((r): AgriculturalLand => {
            const { geom, ...rest } = r;
            return {
              ...(rest as unknown as AgriculturalLand),
              zone: zoneOf(zoning, comune, geom as string),
              position: positionOf(r)!,
            };
          }),
      );
    },

    async *buildingsWithoutUnits(comune) {
      const stmt =
        db.prepare(`SELECT b.id AS building_id, b.code, b.status, b.use, b.geom, b.floors_above, b.year_built,
          (SELECT json_group_array(a.street || ' ' || a.civico) FROM addresses a
            WHERE a.building_id = b.id) AS addresses,
          (SELECT json_group_array(json_object('foglio', p.foglio, 'particella', p.particella))
            FROM building_parcels bp JOIN parcels p ON p.id = bp.parcel_id WHERE bp.building_id = b.id) AS parcels
        FROM buildings b WHERE b.comune = ? AND b.id > ? AND NOT EXISTS (SELECT 1 FROM units u
          WHERE u.building_id = b.id)
        ORDER BY b.id LIMIT ?`);
      let after = 0;
      for (;;) {
        const rows = stmt.all(comune, after, PAGE) as {
          building_id: number;
          code: string;
          status: string;
          use: string;
          geom: string;
          floors_above: number | null;
          year_built: number | null;
          addresses: string;
          parcels: string;
        }[];
        if (rows.length === 0) return;
        after = rows[rows.length - 1]!.building_id;
        yield rows.map(
          ({ geom, addresses, parcels, ...r }): BuildingWithoutUnits => ({
            ...r,
            area_m2: footprintArea(geom),
            addresses: JSON.parse(addresses) as string[],
            parcels: JSON.parse(parcels) as BuildingWithoutUnits['parcels'],
          }),
        );
      }
    },
  };
}
