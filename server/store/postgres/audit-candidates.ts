// Batched reads for the audit rules on PostgreSQL: per comune and year, one query per page of object ids, as
// the SQLite engine does (sqlite/audit-candidates.ts), with the same row mapping (shared/candidate-rows.ts).
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
import { asGeoJson } from './geojson.ts';
import type { PgPool } from './open.ts';
import { total } from './sql-helpers.ts';
import { pgUnitPages } from './unit-page.ts';

/**
 * IMU positions of the year summed per subject and parcel, with the payments credited to them: the F24 lines
 * linked to the position, plus the subject's unlinked lines of the year pro rata of the declared due.
 * $1 year, $2 comune, $3 lo, $4 hi.
 */
const POSITIONS = `pos AS (
  SELECT p.subject_id, p.parcel_id AS object_id, min(p.id) AS id, min(p.kind COLLATE "C") AS kind,
    max(p.main_home) AS main_home, max(p.share) AS share, max(p.months) AS months,
    max(p.declared_value) AS declared_value, round(${total('p.due')}::numeric, 2)::float8 AS due,
    round(${total(`(SELECT ${total('m.amount')} FROM imu_payments m WHERE m.position_id = p.id)
      + (SELECT ${total('m.amount')} FROM imu_payments m WHERE m.subject_id = p.subject_id AND m.tax_year = $1
          AND m.comune = $2 AND m.position_id IS NULL)
        * p.due / coalesce(nullif((SELECT ${total('q.due')} FROM imu_positions q WHERE q.subject_id = p.subject_id
          AND q.year = $1 AND q.comune = $2), 0), 1)`)}::numeric, 2)::float8 AS paid
  FROM imu_positions p WHERE p.parcel_id BETWEEN $3 AND $4 AND p.year = $1 AND p.comune = $2
  GROUP BY p.subject_id, p.parcel_id)`;

/** $5 jan1, $6 dec31. */
const AGRICULTURAL_LAND = `WITH ${POSITIONS}
  SELECT p.subject_id, ${TAXPAYER}, pa.id AS parcel_id, pa.foglio, pa.particella,
    coalesce(pa.superficie, 0) AS superficie, coalesce(pa.reddito_dominicale, 0) AS reddito_dominicale, pa.qualita,
    ${asGeoJson('pa.geom')} AS geom,
    coalesce((SELECT r.share_num::float8 / r.share_den FROM rights r WHERE r.parcel_id = pa.id
      AND r.subject_id = p.subject_id AND r.valid_from <= $6 AND (r.valid_to IS NULL OR r.valid_to >= $5)
      ORDER BY r.valid_from DESC LIMIT 1), p.share) AS share,
    coalesce((SELECT greatest(min(r.valid_from), $5) FROM rights r WHERE r.parcel_id = pa.id
      AND r.subject_id = p.subject_id AND r.valid_from <= $6 AND (r.valid_to IS NULL OR r.valid_to >= $5)), $5)
      AS "from",
    coalesce((SELECT least(max(coalesce(r.valid_to, $6)), $6) FROM rights r WHERE r.parcel_id = pa.id
      AND r.subject_id = p.subject_id AND r.valid_from <= $6 AND (r.valid_to IS NULL OR r.valid_to >= $5)), $6) AS "to",
    ${POSITION_COLUMNS}
  FROM pos p JOIN parcels pa ON pa.id = p.object_id JOIN subjects s ON s.id = p.subject_id
  WHERE p.kind = 'terreno_agricolo' ORDER BY pa.id, p.subject_id`;

/** The zoning areas whose box holds the point ($1 lon, $2 lat) in the comune ($3). */
const ZONING = `SELECT code, name, buildable, ${asGeoJson('geom')} AS geom FROM overlays
  WHERE geom && ST_SetSRID(ST_MakePoint($1, $2), 4326) AND kind = 'zoning' AND comune = $3 ORDER BY id`;

const BUILDINGS_WITHOUT_UNITS = `SELECT b.id AS building_id, b.code, b.status, b.use, ${asGeoJson('b.geom')} AS geom,
    b.floors_above, b.year_built,
    (SELECT coalesce(json_agg(a.street || ' ' || a.civico ORDER BY a.id), '[]') FROM addresses a
      WHERE a.building_id = b.id) AS addresses,
    (SELECT coalesce(json_agg(json_build_object('foglio', p.foglio, 'particella', p.particella) ORDER BY p.id), '[]')
      FROM building_parcels bp JOIN parcels p ON p.id = bp.parcel_id WHERE bp.building_id = b.id) AS parcels
  FROM buildings b WHERE b.comune = $1 AND b.id > $2 AND NOT EXISTS (SELECT 1 FROM units u WHERE u.building_id = b.id)
  ORDER BY b.id LIMIT $3`;

export function pgAuditCandidates(pool: PgPool): AuditCandidates {
  const all = async <T>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as T[];

  /** The zoning area a parcel lies in (the centroid of its vertices, as in SQLite). */
  async function zoneOf(comune: string, geom: string): Promise<AgriculturalLand['zone']> {
    const point = zonePoint(geom);
    const [x, y] = point.geometry.coordinates as [number, number];
    return zoneAt(
      point,
      await all<{ code: string; name: string; buildable: number; geom: string }>(ZONING, [x, y, comune]),
    );
  }

  return {
    unitPages: pgUnitPages(pool),

    async *agriculturalLand(comune, year) {
      const [range] = await all<{ lo: number | null; hi: number | null }>(
        'SELECT min(id) AS lo, max(id) AS hi FROM parcels WHERE comune = $1',
        [comune],
      );
      if (!range || range.lo === null || range.hi === null) return;
      const { jan1, dec31 } = yearBounds(year);
      for (let lo = range.lo; lo <= range.hi; lo += PAGE) {
        const rows = await all<Row>(AGRICULTURAL_LAND, [year, comune, lo, lo + PAGE - 1, jan1, dec31]);
        const out: AgriculturalLand[] = [];
        for (const r of rows) {
          const { geom, ...rest } = r;
          out.push({
            ...(rest as unknown as AgriculturalLand),
            zone: await zoneOf(comune, geom as string),
            position: positionOf(r)!,
          });
        }
        if (out.length) yield out;
      }
    },

    async *buildingsWithoutUnits(comune) {
      let after = 0;
      for (;;) {
        const rows = await all<Omit<BuildingWithoutUnits, 'area_m2'> & { geom: string; addresses: string[] }>(
          BUILDINGS_WITHOUT_UNITS,
          [comune, after, PAGE],
        );
        if (rows.length === 0) return;
        after = rows[rows.length - 1]!.building_id;
        yield rows.map(
          ({ geom, ...r }): BuildingWithoutUnits => ({
            ...r,
            area_m2: footprintArea(geom),
          }),
        );
      }
    },
  };
}
