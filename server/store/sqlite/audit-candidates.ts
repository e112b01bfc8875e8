// Batched reads for the audit rules: per comune and year, one query per page of object ids (units or
// parcels), so memory stays bounded and no query runs per object.
import { area, booleanPointInPolygon, centroid } from '@turf/turf';
import type { Db } from '../../db/open.ts';
import { bboxParams, rtreeFrom } from '../../db/rtree.ts';
import type { AreaGeometry } from '../../domain/geometry/types.ts';
import type {
  AgriculturalLand, AuditCandidates, BuildingWithoutUnits, DeclaredPosition, HoldingPeriod, Residence, ResidentUnit,
  TariPosition, UnitHolding,
} from '../audit-candidates.ts';

/** Object ids per query: big enough to amortise the query, small enough to keep a page in memory. */
const PAGE = 4000;

type Row = Record<string, string | number | null>;

const yearBounds = (year: number) => ({ jan1: `${year}-01-01`, dec31: `${year}-12-31` });

/** The cadastral attributes of unit `u` in force on 1 January, else the first ones of the year. */
const ATTRS_AT_JAN1 = `unit_cadastral_history ch ON ch.id = (SELECT h.id FROM unit_cadastral_history h
  WHERE h.unit_id = u.id AND h.valid_from <= :dec31 ORDER BY h.valid_from <= :jan1 DESC, h.valid_from DESC LIMIT 1)`;

const overlaps = (alias: string, from: string, to: string) =>
  `coalesce(${alias}.since, '0000-01-01') <= ${to} AND coalesce(${alias}.until, '9999-12-31') >= ${from}`;

/** Taxpayer right rows on units of a page, clipped to the year. */
const HOLDINGS = `h AS (
  SELECT r.subject_id, r.unit_id, r.right, CAST(r.share_num AS REAL) / r.share_den AS share,
    max(r.valid_from, :jan1) AS from_d, min(coalesce(r.valid_to, :dec31), :dec31) AS to_d
  FROM rights r
  WHERE r.unit_id BETWEEN :lo AND :hi AND r.right <> 'nuda_proprieta'
    AND r.valid_from <= :dec31 AND (r.valid_to IS NULL OR r.valid_to >= :jan1))`;

/**
 * IMU positions of the year summed per subject and object, with the payments credited to them: the F24
 * lines linked to the position, plus the subject's unlinked lines of the year pro rata of the declared due.
 */
const positions = (objectColumn: 'unit_id' | 'parcel_id', where = '') => `pos AS (
  SELECT p.subject_id, p.${objectColumn} AS object_id, min(p.id) AS id, min(p.kind) AS kind, max(p.main_home) AS main_home,
    max(p.share) AS share, max(p.months) AS months, max(p.declared_value) AS declared_value, round(total(p.due), 2) AS due,
    round(total((SELECT total(m.amount) FROM imu_payments m WHERE m.position_id = p.id)
      + coalesce((SELECT total(m.amount) FROM imu_payments m WHERE m.subject_id = p.subject_id AND m.tax_year = :year
          AND m.comune = :comune AND m.position_id IS NULL), 0)
        * p.due / coalesce(nullif((SELECT total(q.due) FROM imu_positions q WHERE q.subject_id = p.subject_id
          AND q.year = :year AND q.comune = :comune), 0), 1)), 2) AS paid
  FROM imu_positions p WHERE p.${objectColumn} BETWEEN :lo AND :hi AND p.year = :year AND p.comune = :comune ${where}
  GROUP BY p.subject_id, p.${objectColumn})`;

const POSITION_COLUMNS = `p.id AS p_id, p.kind AS p_kind, p.main_home AS p_main_home, p.share AS p_share, p.months AS p_months,
  p.declared_value AS p_declared_value, p.due AS p_due, p.paid AS p_paid`;

const NO_POSITION = `NULL AS p_id, NULL AS p_kind, NULL AS p_main_home, NULL AS p_share, NULL AS p_months,
  NULL AS p_declared_value, NULL AS p_due, NULL AS p_paid`;

function positionOf(r: Row): DeclaredPosition | null {
  if (r.p_id === null || r.p_id === undefined) return null;
  return {
    id: r.p_id as number, kind: r.p_kind as DeclaredPosition['kind'], main_home: r.p_main_home === 1, share: r.p_share as number,
    months: r.p_months as number, declared_value: r.p_declared_value as number | null, due: r.p_due as number,
    paid: r.p_paid as number,
  };
}

const TAXPAYER = `s.codice_fiscale, trim(s.surname || ' ' || s.name) AS name`;

/** The dwelling subject `h.subject_id` lives in and holds during the period (its main home), if any. */
const home = (column: string) => `(SELECT d.${column} FROM residents x JOIN units d ON d.id = x.unit_id
  WHERE x.subject_id = h.subject_id AND d.comune = :comune AND d.categoria LIKE 'A/%' AND d.categoria <> 'A/10'
    AND ${overlaps('x', 'h.from_d', 'h.to_d')}
    AND EXISTS (SELECT 1 FROM rights hr WHERE hr.unit_id = d.id AND hr.subject_id = h.subject_id AND hr.right <> 'nuda_proprieta'
      AND hr.valid_from <= h.to_d AND (hr.valid_to IS NULL OR hr.valid_to >= h.from_d))
  ORDER BY d.id LIMIT 1)`;

/** Holdings of a page with their declaration: the selection comes first, so the costlier facts are only
 * looked up for the holdings the rule reads. */
function holdingsSql(which: 'undeclared' | 'declared' | 'main_home_claims'): string {
  const pertinenza = `coalesce(ch.categoria, u.categoria) IN ('C/2', 'C/6', 'C/7')`;
  const selected = which === 'undeclared'
    ? `sel AS (SELECT h.*, ${NO_POSITION} FROM h WHERE NOT EXISTS (SELECT 1 FROM imu_positions q
        WHERE q.subject_id = h.subject_id AND q.unit_id = h.unit_id AND q.year = :year))`
    : `${positions('unit_id', which === 'main_home_claims' ? 'AND p.main_home = 1' : '')},
      sel AS (SELECT h.*, ${POSITION_COLUMNS} FROM h JOIN pos p ON p.subject_id = h.subject_id AND p.object_id = h.unit_id)`;
  return `WITH ${HOLDINGS}, ${selected},
  facts AS (
    SELECT h.*, u.building_id, u.foglio, u.particella, u.subalterno, coalesce(ch.categoria, u.categoria) AS categoria,
      coalesce(ch.rendita, u.rendita, 0) AS rendita,
      EXISTS (SELECT 1 FROM residents x WHERE x.unit_id = u.id AND x.subject_id = h.subject_id
        AND ${overlaps('x', 'h.from_d', 'h.to_d')}) AS resident,
      CASE WHEN ${pertinenza} THEN ${home('categoria')} END AS home_categoria,
      CASE WHEN ${pertinenza} THEN ${home('building_id')} END AS home_building
    FROM sel h JOIN units u ON u.id = h.unit_id AND u.comune = :comune
    LEFT JOIN unit_cadastral_history ch ON ch.unit_id = u.id AND ch.valid_from <= :jan1
      AND (ch.valid_to IS NULL OR ch.valid_to >= :jan1))
  SELECT f.subject_id, ${TAXPAYER}, f.unit_id, f.building_id, f.foglio, f.particella, f.subalterno, f.categoria, f.rendita,
    f.right, f.share, f.from_d AS "from", f.to_d AS "to", f.resident, f.home_categoria,
    CASE WHEN f.home_categoria IS NULL THEN 1 ELSE 1 + (SELECT count(*) FROM rights r2 JOIN units u2 ON u2.id = r2.unit_id
      WHERE r2.subject_id = f.subject_id AND r2.right <> 'nuda_proprieta' AND u2.comune = :comune AND u2.categoria = f.categoria
        AND u2.id <> f.unit_id AND r2.valid_from <= f.to_d AND (r2.valid_to IS NULL OR r2.valid_to >= f.from_d)
        AND ((u2.building_id IS f.home_building) > (f.building_id IS f.home_building)
          OR ((u2.building_id IS f.home_building) = (f.building_id IS f.home_building) AND u2.id < f.unit_id))) END
      AS pertinenza_rank,
    b.public_owner, f.p_id, f.p_kind, f.p_main_home, f.p_share, f.p_months, f.p_declared_value, f.p_due, f.p_paid
  FROM facts f
  JOIN subjects s ON s.id = f.subject_id
  LEFT JOIN buildings b ON b.id = f.building_id
  ORDER BY f.unit_id, f.subject_id, f.from_d`;
}

/** Consecutive rows of the same unit and subject (the query's order) make one holding with its periods. */
function toHoldings(rows: Row[]): UnitHolding[] {
  const out: UnitHolding[] = [];
  for (const r of rows) {
    const period: HoldingPeriod = { right: r.right as string, share: r.share as number, from: r.from as string, to: r.to as string,
      resident: r.resident === 1, home_categoria: r.home_categoria as string | null, pertinenza_rank: r.pertinenza_rank as number };
    const last = out[out.length - 1];
    if (last && last.unit_id === r.unit_id && last.subject_id === r.subject_id) {
      last.periods.push(period);
      continue;
    }
    out.push({
      subject_id: r.subject_id as number, codice_fiscale: r.codice_fiscale as string, name: r.name as string,
      unit_id: r.unit_id as number, building_id: r.building_id as number | null, foglio: r.foglio as string,
      particella: r.particella as string, subalterno: r.subalterno as string, categoria: r.categoria as string,
      rendita: r.rendita as number, public_owner: r.public_owner as string | null, periods: [period], position: positionOf(r),
    });
  }
  return out;
}

export function sqliteAuditCandidates(db: Db): AuditCandidates {
  /** Runs `sql` for each page of ids of `table` in the comune, yielding the mapped rows of non-empty pages. */
  async function* paged<T>(table: 'units' | 'parcels', comune: string, year: number, sql: string, map: (rows: Row[]) => T[]) {
    const range = db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM ${table} WHERE comune = ?`).get(comune) as
      { lo: number | null; hi: number | null };
    if (range.lo === null || range.hi === null) return;
    const stmt = db.prepare(sql);
    for (let lo = range.lo; lo <= range.hi; lo += PAGE) {
      const rows = stmt.all({ ...yearBounds(year), year, comune, lo, hi: lo + PAGE - 1 }) as Row[];
      const out = map(rows);
      if (out.length) yield out;
    }
  }

  /** The zoning area a parcel lies in (its centroid), through the overlays' R*Tree. */
  const zoningStmt = () => db.prepare(`SELECT o.code, o.name, o.buildable, o.geom ${rtreeFrom('overlays', 'o')}
    AND o.kind = 'zoning' AND o.comune = ?`);
  function zoneOf(stmt: ReturnType<typeof zoningStmt>, comune: string, geom: string): AgriculturalLand['zone'] {
    const point = centroid(JSON.parse(geom) as AreaGeometry);
    const [x, y] = point.geometry.coordinates as [number, number];
    const b = { minx: x, miny: y, maxx: x, maxy: y };
    for (const z of stmt.all(...bboxParams(b), comune) as { code: string; name: string; buildable: number; geom: string }[]) {
      if (booleanPointInPolygon(point, JSON.parse(z.geom) as AreaGeometry)) return { code: z.code, name: z.name, buildable: z.buildable === 1 };
    }
    return null;
  }

  return {
    undeclaredHoldings: (comune, year) => paged('units', comune, year, holdingsSql('undeclared'), toHoldings),
    declaredHoldings: (comune, year) => paged('units', comune, year, holdingsSql('declared'), toHoldings),
    mainHomeClaims: (comune, year) => paged('units', comune, year, holdingsSql('main_home_claims'), toHoldings),

    tariPositionsBelowCadastre: (comune, year) => paged('units', comune, year, `SELECT t.subject_id, ${TAXPAYER},
        u.id AS unit_id, u.building_id, u.foglio, u.particella, u.subalterno, ch.categoria, t.kind,
        t.surface, t.occupants, t.category_code, max(coalesce(t.from_date, :jan1), :jan1) AS "from",
        min(coalesce(t.to_date, :dec31), :dec31) AS "to", ch.superficie_catastale, ch.superficie_escluse_scoperte
      FROM tari_positions t JOIN units u ON u.id = t.unit_id JOIN ${ATTRS_AT_JAN1} JOIN subjects s ON s.id = t.subject_id
      WHERE t.unit_id BETWEEN :lo AND :hi AND t.year = :year AND t.comune = :comune
        AND t.surface < 0.8 * coalesce(ch.superficie_escluse_scoperte, ch.superficie_catastale)
      ORDER BY u.id, t.subject_id, "from"`, (rows) => rows as unknown as TariPosition[]),

    residentUnitsWithoutTari: (comune, year) => paged('units', comune, year, `SELECT u.id AS unit_id, u.building_id, u.foglio,
        u.particella, u.subalterno, ch.categoria, ch.superficie_catastale, ch.superficie_escluse_scoperte,
        json_group_array(json_object('subject_id', x.subject_id, 'codice_fiscale', s.codice_fiscale,
          'name', trim(s.surname || ' ' || s.name), 'from', max(coalesce(x.since, :jan1), :jan1),
          'to', min(coalesce(x.until, :dec31), :dec31))) AS residents
      FROM residents x JOIN units u ON u.id = x.unit_id JOIN ${ATTRS_AT_JAN1} JOIN subjects s ON s.id = x.subject_id
      WHERE x.unit_id BETWEEN :lo AND :hi AND u.comune = :comune AND ${overlaps('x', ':jan1', ':dec31')}
        AND NOT EXISTS (SELECT 1 FROM tari_positions t WHERE t.unit_id = u.id AND t.year = :year)
      GROUP BY u.id ORDER BY u.id`, (rows) => rows.map((r): ResidentUnit => ({ ...(r as unknown as ResidentUnit),
      residents: JSON.parse(r.residents as string) as Residence[] }))),

    agriculturalLand(comune, year) {
      const zoning = zoningStmt();
      return paged('parcels', comune, year, `WITH ${positions('parcel_id')}
        SELECT p.subject_id, ${TAXPAYER}, pa.id AS parcel_id, pa.foglio, pa.particella, coalesce(pa.superficie, 0) AS superficie,
          coalesce(pa.reddito_dominicale, 0) AS reddito_dominicale, pa.qualita, pa.geom,
          coalesce((SELECT CAST(r.share_num AS REAL) / r.share_den FROM rights r WHERE r.parcel_id = pa.id
            AND r.subject_id = p.subject_id AND r.valid_from <= :dec31 AND (r.valid_to IS NULL OR r.valid_to >= :jan1)
            ORDER BY r.valid_from DESC LIMIT 1), p.share) AS share,
          coalesce((SELECT max(min(r.valid_from), :jan1) FROM rights r WHERE r.parcel_id = pa.id AND r.subject_id = p.subject_id
            AND r.valid_from <= :dec31 AND (r.valid_to IS NULL OR r.valid_to >= :jan1)), :jan1) AS "from",
          coalesce((SELECT min(max(coalesce(r.valid_to, :dec31)), :dec31) FROM rights r WHERE r.parcel_id = pa.id
            AND r.subject_id = p.subject_id AND r.valid_from <= :dec31 AND (r.valid_to IS NULL OR r.valid_to >= :jan1)), :dec31) AS "to",
          ${POSITION_COLUMNS}
        FROM pos p JOIN parcels pa ON pa.id = p.object_id JOIN subjects s ON s.id = p.subject_id
        WHERE p.kind = 'terreno_agricolo' ORDER BY pa.id, p.subject_id`, (rows) => rows.map((r): AgriculturalLand => {
        const { geom, ...rest } = r;
        return { ...(rest as unknown as AgriculturalLand), zone: zoneOf(zoning, comune, geom as string), position: positionOf(r)! };
      }));
    },

    async *buildingsWithoutUnits(comune) {
      const stmt = db.prepare(`SELECT b.id AS building_id, b.code, b.status, b.use, b.geom, b.floors_above, b.year_built,
          (SELECT json_group_array(a.street || ' ' || a.civico) FROM addresses a WHERE a.building_id = b.id) AS addresses,
          (SELECT json_group_array(json_object('foglio', p.foglio, 'particella', p.particella))
            FROM building_parcels bp JOIN parcels p ON p.id = bp.parcel_id WHERE bp.building_id = b.id) AS parcels
        FROM buildings b WHERE b.comune = ? AND b.id > ? AND NOT EXISTS (SELECT 1 FROM units u WHERE u.building_id = b.id)
        ORDER BY b.id LIMIT ?`);
      let after = 0;
      for (;;) {
        const rows = stmt.all(comune, after, PAGE) as { building_id: number; code: string; status: string; use: string; geom: string;
          floors_above: number | null; year_built: number | null; addresses: string; parcels: string }[];
        if (rows.length === 0) return;
        after = rows[rows.length - 1]!.building_id;
        yield rows.map(({ geom, addresses, parcels, ...r }): BuildingWithoutUnits => ({
          ...r, area_m2: Math.round(area(JSON.parse(geom) as AreaGeometry) * 10) / 10,
          addresses: JSON.parse(addresses) as string[], parcels: JSON.parse(parcels) as BuildingWithoutUnits['parcels'],
        }));
      }
    },
  };
}
