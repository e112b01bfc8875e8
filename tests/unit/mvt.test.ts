import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { clipLine, clipRing } from '../../server/tiles/clip.ts';
import { encodeTile } from '../../server/tiles/mvt-encode.ts';
import { projector, tileBounds } from '../../server/tiles/tile-math.ts';
import { EXTENT, toTileGeometry } from '../../server/tiles/to-tile.ts';

describe('vector tiles', () => {
  it('encodes polygons with holes, integer ids and typed properties, as MapLibre decodes them', () => {
    const project = projector(16, 34616, 23288, EXTENT);
    const b = tileBounds(16, 34616, 23288);
    const w = b.east - b.west,
      h = b.north - b.south;
    const sq = (x0: number, y0: number, s: number) =>
      [
        [b.west + w * x0, b.south + h * y0],
        [b.west + w * (x0 + s), b.south + h * y0],
        [b.west + w * (x0 + s), b.south + h * (y0 + s)],
        [b.west + w * x0, b.south + h * (y0 + s)],
        [b.west + w * x0, b.south + h * y0],
      ] as [number, number][];
    const g = toTileGeometry(
      { type: 'Polygon', coordinates: [sq(0.2, 0.2, 0.6), sq(0.4, 0.4, 0.2).reverse()] },
      project,
    )!;
    const bytes = encodeTile([
      {
        name: 'buildings',
        extent: EXTENT,
        features: [{ id: 123456, ...g, properties: { code: 'E617-000001', floors: 3, height: 9.5, public: false } }],
      },
    ]);
    const tile = new VectorTile(new PbfReader(bytes));
    const layer = tile.layers.buildings!;
    expect(layer.length).toBe(1);
    const f = layer.feature(0);
    expect(f.id).toBe(123456);
    expect(f.type).toBe(3);
    expect(f.properties).toEqual({ code: 'E617-000001', floors: 3, height: 9.5, public: false });
    const rings = f.loadGeometry();
    expect(rings.length).toBe(2);
    const gj = f.toGeoJSON(34616, 23288, 16);
    expect(gj.geometry.type).toBe('Polygon');
    const outer = (gj.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(outer[0]![0]).toBeCloseTo(b.west + w * 0.2, 5);
  });

  it('clips rings and lines to the buffered tile', () => {
    const ring = clipRing(
      [
        [-100, -100],
        [200, -100],
        [200, 200],
        [-100, 200],
      ],
      0,
      100,
    );
    expect(ring.every(([x, y]) => x >= 0 && x <= 100 && y >= 0 && y <= 100)).toBe(true);
    expect(ring.length).toBe(4);
    expect(
      clipLine(
        [
          [-50, 50],
          [150, 50],
        ],
        0,
        100,
      ),
    ).toEqual([
      [
        [0, 50],
        [100, 50],
      ],
    ]);
    expect(
      clipLine(
        [
          [-50, -50],
          [-10, -10],
        ],
        0,
        100,
      ),
    ).toEqual([]);
  });

  it('drops features that fall outside or collapse to nothing', () => {
    const project = projector(10, 0, 0, EXTENT);
    expect(
      toTileGeometry(
        {
          type: 'Polygon',
          coordinates: [
            [
              [9, 45],
              [9.0000001, 45],
              [9.0000001, 45.0000001],
              [9, 45],
            ],
          ],
        },
        project,
      ),
    ).toBeNull();
  });
});
