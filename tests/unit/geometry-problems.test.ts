import { describe, expect, it } from 'vitest';
import { ApiError } from '../../client/lib/api.ts';
import { problemFeatures, problemsOf, problemText } from '../../client/map/geometry-problems.ts';

const overlap = {
  path: 'footprint',
  reason: 'overlap',
  message: "si sovrappone per 32,4 m² all'edificio E617-000002",
  location: [9.2451, 45.6012] as [number, number],
  overlap: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [9.245, 45.601],
        [9.2452, 45.601],
        [9.2452, 45.6014],
        [9.245, 45.601],
      ],
    ],
  },
};
const crossing = {
  path: 'footprint',
  reason: 'self-intersection',
  message: 'auto-intersezione',
  location: [9.1234567, 45.7654321] as [number, number],
};

describe('geometry problems from a 422, for the map and the user', () => {
  it('reads the problems of a 422 only', () => {
    expect(problemsOf(new ApiError(422, 'unprocessable', 'x', [overlap, crossing]))).toEqual([overlap, crossing]);
    expect(problemsOf(new ApiError(412, 'stale_version', 'x', [overlap]))).toEqual([]);
    expect(problemsOf(new ApiError(422, 'unprocessable', 'x', { field: 'y' }))).toEqual([]);
    expect(problemsOf(new TypeError('Failed to fetch'))).toEqual([]);
  });

  it('draws an overlap as its area and its point, a crossing as its point', () => {
    const f = problemFeatures([overlap, crossing]).features;
    expect(f.map((x) => x.geometry.type)).toEqual(['Polygon', 'Point', 'Point']);
    expect(f[2]!.geometry).toEqual({ type: 'Point', coordinates: crossing.location });
    expect(problemFeatures([]).features).toEqual([]);
  });

  it('says each problem, with coordinates only where there is no area to see', () => {
    const err = new ApiError(422, 'unprocessable', "L'impronta si sovrappone ad altri edifici", [overlap]);
    expect(problemText(err, [overlap])).toBe(
      "L'impronta si sovrappone ad altri edifici: si sovrappone per 32,4 m² all'edificio E617-000002",
    );
    expect(problemText(new ApiError(422, 'unprocessable', 'Geometria non valida', []), [crossing])).toBe(
      'Geometria non valida: auto-intersezione (9.123457, 45.765432)',
    );
  });
});
