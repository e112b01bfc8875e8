import { describe, expect, it } from 'vitest';
import { crsDefinition, transformer } from '../../server/domain/crs/crs.ts';
import { epsgEntry } from '../../server/domain/crs/epsg.ts';
import { crsInfo } from '../../server/domain/crs/wkt.ts';
import { bboxProblem, crsAreaProblem, parseBBox } from '../../server/domain/geometry/bbox-problem.ts';
import { MAX_OVERLAP_M2, overlapOf } from '../../server/domain/geometry/overlap.ts';
import { signedArea2 } from '../../server/domain/geometry/ring-orientation.ts';
import {
  COORDINATE_INVALID,
  HOLE_OUTSIDE_SHELL,
  NOT_AN_AREA,
  RING_NOT_CLOSED,
  RING_TOO_SHORT,
  SELF_INTERSECTION,
  validateAreaGeometry,
} from '../../server/domain/geometry/validate.ts';

const sq = (x: number, y: number, s: number): [number, number][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

describe('geometry validation', () => {
  it('accepts a valid polygon with a hole and rewinds it to RFC 7946', () => {
    const outer = sq(9, 45, 0.01).reverse(); // clockwise on purpose
    const hole = sq(9.002, 45.002, 0.002);
    const r = validateAreaGeometry({ type: 'Polygon', coordinates: [outer, hole] });
    expect(r.ok).toBe(true);
    if (r.ok && r.geometry.type === 'Polygon') {
      expect(signedArea2(r.geometry.coordinates[0]!)).toBeGreaterThan(0);
      expect(signedArea2(r.geometry.coordinates[1]!)).toBeLessThan(0);
    }
  });
  it('refuses a bow-tie with the reason and the location', () => {
    const r = validateAreaGeometry({
      type: 'Polygon',
      coordinates: [
        [
          [9, 45],
          [9.01, 45.01],
          [9.01, 45],
          [9, 45.01],
          [9, 45],
        ],
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.reason).toBe(SELF_INTERSECTION);
      expect(r.problem.location![0]).toBeCloseTo(9.005, 6);
      expect(r.problem.location![1]).toBeCloseTo(45.005, 6);
    }
  });
  it('refuses open rings, short rings, holes outside the shell, bad coordinates and non-areas', () => {
    const reason = (g: unknown) => {
      const r = validateAreaGeometry(g);
      return r.ok ? 'ok' : r.problem.reason;
    };
    expect(
      reason({
        type: 'Polygon',
        coordinates: [
          [
            [9, 45],
            [9.01, 45],
            [9.01, 45.01],
            [9, 45.01],
          ],
        ],
      }),
    ).toBe(RING_NOT_CLOSED);
    expect(
      reason({
        type: 'Polygon',
        coordinates: [
          [
            [9, 45],
            [9.01, 45],
            [9, 45],
          ],
        ],
      }),
    ).toBe(RING_TOO_SHORT);
    expect(reason({ type: 'Polygon', coordinates: [sq(9, 45, 0.01), sq(9.5, 45.5, 0.001)] })).toBe(HOLE_OUTSIDE_SHELL);
    expect(
      reason({
        type: 'Polygon',
        coordinates: [
          [
            [9, 45],
            [200, 45],
            [9, 46],
            [9, 45],
          ],
        ],
      }),
    ).toBe(COORDINATE_INVALID);
    expect(
      reason({
        type: 'Polygon',
        coordinates: [
          [
            [9, 45],
            ['x', 45],
            [9, 46],
            [9, 45],
          ],
        ],
      }),
    ).not.toBe('ok');
    expect(reason({ type: 'Point', coordinates: [9, 45] })).toBe(NOT_AN_AREA);
    expect(reason(null)).toBe(NOT_AN_AREA);
  });
  it('accepts a valid MultiPolygon', () => {
    expect(
      validateAreaGeometry({ type: 'MultiPolygon', coordinates: [[sq(9, 45, 0.01)], [sq(9.1, 45, 0.01)]] }).ok,
    ).toBe(true);
  });
});

describe('overlapOf (footprints of neighbouring buildings)', () => {
  const poly = (ring: [number, number][]) => ({ type: 'Polygon' as const, coordinates: [ring] });
  // 1e-4° at 45° N: 7.87 m east-west by 11.13 m north-south
  const a = poly(sq(9, 45, 1e-4));

  it('a party wall (a shared edge) and a gap are no overlap', () => {
    expect(overlapOf(a, poly(sq(9 + 1e-4, 45, 1e-4)))).toBeNull();
    expect(overlapOf(a, poly(sq(9 + 2e-4, 45, 1e-4)))).toBeNull();
  });

  it('a neighbour drawn half inside is an overlap of half the footprint, located inside it', () => {
    const o = overlapOf(a, poly(sq(9 + 0.5e-4, 45, 1e-4)))!;
    expect(o.area_m2).toBeCloseTo(43.8, 0);
    expect(o.geometry.type).toBe('Polygon');
    const [lon, lat] = o.location;
    expect(lon).toBeGreaterThan(9 + 0.5e-4);
    expect(lon).toBeLessThan(9 + 1e-4);
    expect(lat).toBeGreaterThan(45);
    expect(lat).toBeLessThan(45 + 1e-4);
  });

  it(`a digitising slip up to ${MAX_OVERLAP_M2} m² along the wall is tolerated`, () => {
    // 2 cm into the neighbour along an 11 m wall: 0.22 m²
    expect(overlapOf(a, poly(sq(9 + 1e-4 - 2.5e-7, 45, 1e-4)))).toBeNull();
    // 10 cm: 1.1 m²
    expect(overlapOf(a, poly(sq(9 + 1e-4 - 1.27e-6, 45, 1e-4)))?.area_m2).toBeCloseTo(1.1, 1);
  });
});

describe('crsAreaProblem', () => {
  // EPSG:7792 RDN2008 / UTM 33N as EPSG states its area of use: Italy east of 12° E
  const utm33 = epsgEntry(7792)!.area!;
  it('takes the area of use from the EPSG index', () => {
    expect(utm33).toEqual({ minx: 12, miny: 34.79, maxx: 18, maxy: 47.1 });
  });
  it('accepts a box that reaches the area, refuses one wholly outside with the area in the reason', () => {
    expect(crsAreaProblem({ minx: 11.9, miny: 43, maxx: 12.1, maxy: 43.1 }, utm33, 'EPSG:7792')).toBeNull();
    expect(crsAreaProblem({ minx: 9.2, miny: 45.5, maxx: 9.3, maxy: 45.6 }, utm33, 'EPSG:7792')).toBe(
      "area fuori dall'area d'uso di EPSG:7792 (12–18° E, 34,79–47,1° N)",
    );
  });
});

describe('bboxProblem / parseBBox', () => {
  it('takes an ordered W,S,E,N box over Italy and gives the reason for anything else', () => {
    expect(parseBBox('9.2,45.6,9.3,45.7')).toEqual({ minx: 9.2, miny: 45.6, maxx: 9.3, maxy: 45.7 });
    expect(parseBBox('9.2,45.6,9.3')).toBe('atteso W,S,E,N in gradi WGS84 con W < E e S < N');
    expect(parseBBox('9.2,NaN,9.3,45.7')).toBe('valori non numerici: atteso W,S,E,N in gradi WGS84 con W < E e S < N');
    expect(parseBBox('9.2, ,9.3,45.7')).toBe('valori non numerici: atteso W,S,E,N in gradi WGS84 con W < E e S < N');
    expect(parseBBox('9.3,45.6,9.2,45.7')).toBe(
      'minimo non inferiore al massimo: atteso W,S,E,N in gradi WGS84 con W < E e S < N',
    );
    expect(parseBBox('9.2,45.6,9.2,45.7')).toMatch(/^minimo non inferiore/);
    expect(bboxProblem({ minx: -74.1, miny: 40.6, maxx: -73.9, maxy: 40.8 })).toMatch(
      /^area fuori dal territorio italiano/,
    );
    // a box that only touches the area is answered (it may hold a border comune's parcels)
    expect(bboxProblem({ minx: 18.9, miny: 40, maxx: 20, maxy: 41 })).toBeNull();
  });
});

describe('CRS definitions', () => {
  it("knows edigit's own systems, any EPSG code of the index, and PROJ strings; Monte Mario keeps its shift", () => {
    expect(crsDefinition('EPSG:7791')).toBe('+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');
    expect(crsDefinition('epsg:32633')).toBe('+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs');
    expect(crsDefinition('EPSG:4265')).toBe(
      '+proj=longlat +ellps=intl +towgs84=-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68 +no_defs',
    );
    expect(crsDefinition('+proj=cass +lat_0=41.9 +lon_0=12.45 +ellps=bessel')).toBe(
      '+proj=cass +lat_0=41.9 +lon_0=12.45 +ellps=bessel',
    );
    expect(crsDefinition('EPSG:999999')).toBeNull();
    expect(crsDefinition('EPSG:7030')).toBeNull(); // an ellipsoid, not a CRS
    expect(crsInfo('EPSG:32633')).toMatchObject({ srsId: 32633, name: 'WGS 84 / UTM zone 33N', geographic: false });
    // Rome in UTM 33N, as PROJ's cs2cs gives it: 292335.31 4642015.50
    const [e, n] = transformer('EPSG:4326', 'EPSG:32633')([12.4964, 41.9028]);
    expect(Math.abs(e - 292_335.31)).toBeLessThan(0.01);
    expect(Math.abs(n - 4_642_015.5)).toBeLessThan(0.01);
  });
});

describe('near-zero areas and slivers', () => {
  // At 45.6° N: a metre is 1.2837e-5° of longitude and 9.0465e-6° of latitude.
  const DX = 1 / (111_320 * Math.cos((45.6 * Math.PI) / 180));
  const DY = 1 / 110_540;
  const rect = (w: number, h: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [9.2, 45.6],
        [9.2 + w * DX, 45.6],
        [9.2 + w * DX, 45.6 + h * DY],
        [9.2, 45.6 + h * DY],
        [9.2, 45.6],
      ],
    ],
  });

  it('refuses a polygon of less than half a square metre, and one thinner than 5 cm on average, with where', () => {
    const tiny = validateAreaGeometry(rect(0.6, 0.6));
    expect(tiny).toEqual({
      ok: false,
      problem: {
        reason: 'area-too-small',
        message: 'superficie quasi nulla: sotto il minimo di 0,5 m²',
        location: [9.2, 45.6],
        path: [0],
      },
    });
    const sliver = validateAreaGeometry(rect(100, 0.04));
    expect(sliver.ok ? null : sliver.problem.reason).toBe('sliver');
    expect(sliver.ok ? null : sliver.problem.message).toBe('poligono a scheggia: larghezza media sotto 5 cm');
  });

  it('accepts a small shed and a long narrow road strip', () => {
    expect(validateAreaGeometry(rect(0.8, 0.8)).ok).toBe(true);
    expect(validateAreaGeometry(rect(2000, 3)).ok).toBe(true);
  });
});
