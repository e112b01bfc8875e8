// The audit candidates' rows as both engines read them: the columns selected, and their conversion to the
// domain's objects.
import { area, booleanPointInPolygon, centroid } from '@turf/turf';
import type { AreaGeometry } from '../../domain/geometry/types.ts';
import type { AgriculturalLand, DeclaredPosition } from '../audit-candidates.ts';

/** Object ids per query: big enough to amortise the query, small enough to keep a page in memory. */
export const CANDIDATE_PAGE = 4000;

export type CandidateRow = Record<string, string | number | null>;

export const yearBounds = (year: number) => ({ jan1: `${year}-01-01`, dec31: `${year}-12-31` });

export const POSITION_COLUMNS = `p.id AS p_id, p.kind AS p_kind, p.main_home AS p_main_home, p.share AS p_share,
  p.months AS p_months,
  p.declared_value AS p_declared_value, p.due AS p_due, p.paid AS p_paid`;

export function positionOf(r: CandidateRow): DeclaredPosition | null {
  if (r.p_id === null || r.p_id === undefined) return null;
  return {
    id: r.p_id as number,
    kind: r.p_kind as DeclaredPosition['kind'],
    main_home: r.p_main_home === 1,
    share: r.p_share as number,
    months: r.p_months as number,
    declared_value: r.p_declared_value as number | null,
    due: r.p_due as number,
    paid: r.p_paid as number,
  };
}

export const TAXPAYER = `s.codice_fiscale, trim(s.surname || ' ' || s.name) AS name`;

/** A footprint's area in m², to the tenth. */
export const footprintArea = (geom: string) => Math.round(area(JSON.parse(geom) as AreaGeometry) * 10) / 10;

/** The point a parcel's zoning is looked up at: the centroid of its vertices. */
export const zonePoint = (geom: string) => centroid(JSON.parse(geom) as AreaGeometry);

/** The first of the zoning areas (whose box holds the point) that holds `point`, or null. */
export function zoneAt(
  point: ReturnType<typeof zonePoint>,
  zones: Iterable<{ code: string; name: string; buildable: number; geom: string }>,
): AgriculturalLand['zone'] {
  for (const z of zones) {
    if (booleanPointInPolygon(point, JSON.parse(z.geom) as AreaGeometry))
      return { code: z.code, name: z.name, buildable: z.buildable === 1 };
  }
  return null;
}
