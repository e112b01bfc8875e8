// Repairs an incoming polygon only where the repair is unambiguous, and says what it did:
// repeated consecutive vertices are dropped, an open ring is closed, winding is normalised.
// Anything else (self-intersections, holes outside the shell, …) is left for validation to refuse.
import type { AreaGeometry, Position } from '../../domain/geometry/types.ts';
import { type GeometryProblem, validateAreaGeometry } from '../../domain/geometry/validate.ts';

export const REPAIR_CLOSED_RING = 'anello chiuso (primo e ultimo vertice non coincidevano)';
export const REPAIR_DUPLICATE_VERTICES = 'vertici consecutivi ripetuti rimossi';

export type RepairResult =
  | { ok: true; geometry: AreaGeometry; repairs: string[] }
  | { ok: false; problem: GeometryProblem; repairs: string[] };

function fixRing(ring: unknown, repairs: Set<string>): unknown {
  if (
    !Array.isArray(ring) ||
    !ring.every((p) => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number')
  )
    return ring;
  const pts = ring as Position[];
  const out: Position[] = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) {
      repairs.add(REPAIR_DUPLICATE_VERTICES);
      continue;
    }
    out.push([p[0], p[1]]);
  }
  const first = out[0],
    last = out[out.length - 1];
  if (out.length >= 3 && first && last && (first[0] !== last[0] || first[1] !== last[1])) {
    out.push([first[0], first[1]]);
    repairs.add(REPAIR_CLOSED_RING);
  }
  return out;
}

export function repairArea(input: unknown): RepairResult {
  const repairs = new Set<string>();
  let candidate = input;
  const g = input as { type?: unknown; coordinates?: unknown };
  if (g && typeof g === 'object' && Array.isArray(g.coordinates)) {
    if (g.type === 'Polygon')
      candidate = { type: 'Polygon', coordinates: g.coordinates.map((r) => fixRing(r, repairs)) };
    if (g.type === 'MultiPolygon')
      candidate = {
        type: 'MultiPolygon',
        coordinates: g.coordinates.map((p) => (Array.isArray(p) ? p.map((r) => fixRing(r, repairs)) : p)),
      };
  }
  const v = validateAreaGeometry(candidate);
  return v.ok
    ? { ok: true, geometry: v.geometry, repairs: [...repairs] }
    : { ok: false, problem: v.problem, repairs: [...repairs] };
}
