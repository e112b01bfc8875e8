// A real validity check (JTS's IsValidOp through jsts) plus the structural checks JTS assumes.
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import { rewind } from './ring-orientation.ts';
import type { AreaGeometry, Position } from './types.ts';

export const NOT_AN_AREA = 'not-an-area';
export const MALFORMED = 'malformed';
export const COORDINATE_INVALID = 'coordinate-invalid';
export const RING_TOO_SHORT = 'ring-too-short';
export const RING_NOT_CLOSED = 'ring-not-closed';
export const SELF_INTERSECTION = 'self-intersection';
export const HOLE_OUTSIDE_SHELL = 'hole-outside-shell';
export const NESTED_HOLES = 'nested-holes';
export const DISCONNECTED_INTERIOR = 'disconnected-interior';
export const NESTED_SHELLS = 'nested-shells';
export const DUPLICATE_RINGS = 'duplicate-rings';
export const INVALID = 'invalid';
export const AREA_TOO_SMALL = 'area-too-small';
export const SLIVER = 'sliver';

/** Below this a polygon is a digitising slip, not a parcel or a building (m²). */
export const MIN_AREA_M2 = 0.5;
/** Below this mean width (2 × area / perimeter) a polygon is a sliver (m); a 3 m wide road strip has 1.5 m. */
export const MIN_WIDTH_M = 0.05;

export type GeometryReason =
  | typeof NOT_AN_AREA
  | typeof MALFORMED
  | typeof COORDINATE_INVALID
  | typeof RING_TOO_SHORT
  | typeof RING_NOT_CLOSED
  | typeof SELF_INTERSECTION
  | typeof HOLE_OUTSIDE_SHELL
  | typeof NESTED_HOLES
  | typeof DISCONNECTED_INTERIOR
  | typeof NESTED_SHELLS
  | typeof DUPLICATE_RINGS
  | typeof INVALID
  | typeof AREA_TOO_SMALL
  | typeof SLIVER;

const MESSAGES: Record<GeometryReason, string> = {
  [NOT_AN_AREA]: 'la geometria deve essere un Polygon o un MultiPolygon',
  [MALFORMED]: 'struttura GeoJSON non valida',
  [COORDINATE_INVALID]: 'coordinata non valida (attese longitudine e latitudine in gradi)',
  [RING_TOO_SHORT]: 'anello con meno di 4 vertici',
  [RING_NOT_CLOSED]: "anello non chiuso: il primo e l'ultimo vertice devono coincidere",
  [SELF_INTERSECTION]: 'auto-intersezione',
  [HOLE_OUTSIDE_SHELL]: 'foro esterno al contorno',
  [NESTED_HOLES]: 'fori annidati',
  [DISCONNECTED_INTERIOR]: 'interno non connesso',
  [NESTED_SHELLS]: 'contorni annidati',
  [DUPLICATE_RINGS]: 'anelli duplicati',
  [INVALID]: 'geometria non valida',
  [AREA_TOO_SMALL]: `superficie quasi nulla: sotto il minimo di ${String(MIN_AREA_M2).replace('.', ',')} m²`,
  [SLIVER]: `poligono a scheggia: larghezza media sotto ${String(MIN_WIDTH_M * 100)} cm`,
};

// JTS TopologyValidationError codes → our reasons.
const JTS_REASONS: Record<number, GeometryReason> = {
  2: HOLE_OUTSIDE_SHELL,
  3: NESTED_HOLES,
  4: DISCONNECTED_INTERIOR,
  5: SELF_INTERSECTION,
  6: SELF_INTERSECTION,
  7: NESTED_SHELLS,
  8: DUPLICATE_RINGS,
  9: RING_TOO_SHORT,
  10: COORDINATE_INVALID,
  11: RING_NOT_CLOSED,
};

export interface GeometryProblem {
  reason: GeometryReason;
  message: string;
  /** [lon, lat] where the problem is, when known. */
  location?: Position;
  /** Which ring: [polygon index, ring index]. */
  path?: number[];
}

export type ValidationResult = { ok: true; geometry: AreaGeometry } | { ok: false; problem: GeometryProblem };

function problem(reason: GeometryReason, location?: Position, path?: number[]): ValidationResult {
  const p: GeometryProblem = { reason, message: MESSAGES[reason] };
  if (location) p.location = location;
  if (path) p.path = path;
  return { ok: false, problem: p };
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number';
}

function checkRings(rings: unknown, polygonIndex: number): ValidationResult | null {
  if (!Array.isArray(rings) || rings.length === 0) return problem(MALFORMED, undefined, [polygonIndex]);
  for (let r = 0; r < rings.length; r++) {
    const ring: unknown = rings[r];
    if (!Array.isArray(ring)) return problem(MALFORMED, undefined, [polygonIndex, r]);
    for (const p of ring) {
      if (!isPosition(p)) return problem(MALFORMED, undefined, [polygonIndex, r]);
      const [x, y] = p;
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
        return problem(COORDINATE_INVALID, Number.isFinite(x) && Number.isFinite(y) ? [x, y] : undefined, [
          polygonIndex,
          r,
        ]);
      }
    }
    if (ring.length < 4) return problem(RING_TOO_SHORT, ring[0] as Position | undefined, [polygonIndex, r]);
    const a = ring[0] as Position,
      b = ring[ring.length - 1] as Position;
    if (a[0] !== b[0] || a[1] !== b[1]) return problem(RING_NOT_CLOSED, b, [polygonIndex, r]);
  }
  return null;
}

const reader = new GeoJSONReader(new GeometryFactory());

/**
 * Validates a polygonal geometry in lon/lat. On success returns it normalised: 2D positions and
 * RFC 7946 winding (orientation is repaired, never a reason to refuse).
 */
export function validateAreaGeometry(input: unknown): ValidationResult {
  if (typeof input !== 'object' || input === null) return problem(NOT_AN_AREA);
  const g = input as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return problem(NOT_AN_AREA);
  const polys: unknown[] =
    g.type === 'Polygon' ? [g.coordinates] : Array.isArray(g.coordinates) ? g.coordinates : [null];
  if (polys.length === 0) return problem(MALFORMED);
  for (let i = 0; i < polys.length; i++) {
    const bad = checkRings(polys[i], i);
    if (bad) return bad;
  }
  const strip = (rings: Position[][]) => rings.map((r) => r.map((p) => [p[0], p[1]] as Position));
  const clean: AreaGeometry =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: strip(g.coordinates as Position[][]) }
      : { type: 'MultiPolygon', coordinates: (g.coordinates as Position[][][]).map(strip) };
  const op = new IsValidOp(reader.read(clean));
  if (!op.isValid()) {
    const err = op.getValidationError();
    const c = err.getCoordinate();
    return problem(JTS_REASONS[err.getErrorType()] ?? INVALID, c ? [c.x, c.y] : undefined);
  }
  const polygons = clean.type === 'Polygon' ? [clean.coordinates] : clean.coordinates;
  for (let i = 0; i < polygons.length; i++) {
    const { area, perimeter } = measure(polygons[i]!);
    const at = polygons[i]![0]![0];
    if (area < MIN_AREA_M2) return problem(AREA_TOO_SMALL, at, [i]);
    if ((2 * area) / perimeter < MIN_WIDTH_M) return problem(SLIVER, at, [i]);
  }
  return { ok: true, geometry: rewind(clean) };
}

/**
 * Area (m², holes taken out) and outer perimeter (m) of a polygon in lon/lat, on a local plane through
 * its first vertex: within a fraction of a percent for anything the size of a parcel.
 */
function measure(rings: Position[][]): { area: number; perimeter: number } {
  const [lon0, lat0] = rings[0]![0]!;
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110_540;
  let area = 0;
  let perimeter = 0;
  rings.forEach((ring, r) => {
    let twice = 0;
    for (let k = 0; k + 1 < ring.length; k++) {
      const x1 = (ring[k]![0] - lon0) * kx;
      const y1 = (ring[k]![1] - lat0) * ky;
      const x2 = (ring[k + 1]![0] - lon0) * kx;
      const y2 = (ring[k + 1]![1] - lat0) * ky;
      twice += x1 * y2 - x2 * y1;
      if (r === 0) perimeter += Math.hypot(x2 - x1, y2 - y1);
    }
    area += (r === 0 ? 1 : -1) * Math.abs(twice / 2);
  });
  return { area, perimeter };
}
