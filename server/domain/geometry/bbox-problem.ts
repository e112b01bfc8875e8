// Whether a W,S,E,N box in WGS84 degrees is one edigit can answer: numbers, ordered, and on the area where
// the comuni's reference systems (RDN2008, ETRS89, Monte Mario) are defined. Pure; returns the reason.
import type { BBox } from './types.ts';

/** Area of use of the Italian national systems (EPSG:6706/7791–7795): land and territorial sea of Italy. */
export const ITALY_AREA: BBox = { minx: 6.0, miny: 35.0, maxx: 19.0, maxy: 47.1 };

export const BBOX_FORMAT = 'atteso W,S,E,N in gradi WGS84 con W < E e S < N';

export function bboxProblem(b: BBox): string | null {
  const values = [b.minx, b.miny, b.maxx, b.maxy];
  if (values.some((x) => typeof x !== 'number' || !Number.isFinite(x))) return `valori non numerici: ${BBOX_FORMAT}`;
  if (b.minx >= b.maxx || b.miny >= b.maxy) return `minimo non inferiore al massimo: ${BBOX_FORMAT}`;
  if (b.maxx < ITALY_AREA.minx || b.minx > ITALY_AREA.maxx || b.maxy < ITALY_AREA.miny || b.miny > ITALY_AREA.maxy) {
    return (
      'area fuori dal territorio italiano, ' +
      'dove valgono i sistemi di riferimento dei comuni ' +
      '(6–19° E, 35–47,1° N)'
    );
  }
  return null;
}

const deg = (x: number) => String(x).replace('.', ',');

/**
 * Whether the box reaches the area of use of the coordinate system it is to be projected to: outside it a
 * projection still gives numbers, metres or kilometres wrong. `area` as EPSG states it; `crs` names it.
 */
export function crsAreaProblem(b: BBox, area: BBox, crs: string): string | null {
  if (b.maxx >= area.minx && b.minx <= area.maxx && b.maxy >= area.miny && b.miny <= area.maxy) return null;
  return (
    `area fuori dall'area d'uso di ${crs} (${deg(area.minx)}–${deg(area.maxx)}° E, ` +
    `${deg(area.miny)}–${deg(area.maxy)}° N)`
  );
}

/** "W,S,E,N" → the box, or the reason it is not one. */
export function parseBBox(s: string): BBox | string {
  const n = s.split(',').map((x) => (x.trim() === '' ? Number.NaN : Number(x)));
  if (n.length !== 4) return BBOX_FORMAT;
  const b = { minx: n[0]!, miny: n[1]!, maxx: n[2]!, maxy: n[3]! };
  return bboxProblem(b) ?? b;
}
