import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_LAYERS } from '../../server/exchange/export/catalogue.ts';
import { EXPORT_CRSS, runExport } from '../../server/exchange/export/run-export.ts';
import { cs2cs, HAS_GDAL, ogrFeaturesWkt, ogrinfo, validateGpkg } from '../helpers/gdal.ts';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp({ parcels: 300 });
});
afterAll(() => t.close());

/** edigit's own CRSs and two more from the EPSG index (any code PROJ knows is accepted). */
const CRSS = [...EXPORT_CRSS, 'EPSG:32633', 'EPSG:25833'];

const count = (sql: string) => (t.db.prepare(sql).get() as { n: number }).n;
const exportTo = (crs: string, layers = DEFAULT_EXPORT_LAYERS) => {
  const out = join(t.dir, `e-${crs.replace(':', '')}-${layers.length}.gpkg`);
  return runExport(
    t.db,
    { comune: 'E617', layers, crs, area: { kind: 'comune' }, includePersonal: false, requestedBy: 'test' },
    out,
  );
};

describe.skipIf(!HAS_GDAL)('GeoPackage export, checked by GDAL', () => {
  it.each(CRSS)(
    '%s: passes validate_gpkg.py with no error or warning; ogrinfo sees the right layers, counts, CRS and extents',
    (crs) => {
      const s = exportTo(crs);
      const v = validateGpkg(s.file);
      expect(v.output).toBe('');
      expect(v.code).toBe(0);
      const layers = new Map(ogrinfo(s.file).map((l) => [l.name, l]));
      expect([...layers.keys()].sort()).toEqual([...DEFAULT_EXPORT_LAYERS].sort());
      expect(layers.get('parcels')).toMatchObject({
        geometry: 'Polygon',
        count: count("SELECT count(*) n FROM parcels WHERE comune = 'E617'"),
        epsg: Number(crs.slice(5)),
      });
      expect(layers.get('buildings')).toMatchObject({
        geometry: 'Polygon',
        count: count("SELECT count(*) n FROM buildings WHERE comune = 'E617'"),
      });
      expect(layers.get('streets')!.geometry).toBe('Line String');
      expect(layers.get('units')).toMatchObject({
        geometry: 'None',
        count: count("SELECT count(*) n FROM units WHERE comune = 'E617'"),
      });
      // The extent GDAL reports is that of the features, transformed independently by PROJ.
      const b = t.db
        .prepare(
          "SELECT min(minx) minx, min(miny) miny, max(maxx) maxx, max(maxy) maxy FROM parcels WHERE comune = 'E617'",
        )
        .get() as { minx: number; miny: number; maxx: number; maxy: number };
      const ext = layers.get('parcels')!.extent!;
      if (crs === 'EPSG:4326' || crs === 'EPSG:6706') {
        expect(ext[0]).toBeCloseTo(b.minx, 6);
        expect(ext[1]).toBeCloseTo(b.miny, 6);
        expect(ext[2]).toBeCloseTo(b.maxx, 6);
        expect(ext[3]).toBeCloseTo(b.maxy, 6);
      } else {
        const [sw, ne] = cs2cs(crs, [
          [b.minx, b.miny],
          [b.maxx, b.maxy],
        ]);
        // A projected extent of lon/lat corners differs by the grid convergence: a few metres at most here.
        expect(Math.abs(ext[0] - sw![0])).toBeLessThan(60);
        expect(Math.abs(ext[3] - ne![1])).toBeLessThan(60);
      }
    },
  );

  it.each(CRSS)('%s: coordinates match PROJ (cs2cs) to the centimetre', (crs) => {
    const s = exportTo(crs, ['parcels']);
    const features = ogrFeaturesWkt(s.file, 'parcels', 'fid <= 5');
    expect(features.length).toBe(5);
    for (const f of features) {
      const src = t.db
        .prepare("SELECT geom FROM parcels WHERE comune = 'E617' AND foglio = ? AND particella = ?")
        .get(f.row.foglio!, f.row.particella!) as { geom: string };
      const ring = (JSON.parse(src.geom) as { coordinates: [number, number][][] }).coordinates[0]!;
      const got = /\(\(([^)]+)\)/
        .exec(f.wkt)![1]!
        .split(',')
        .map((p) => p.trim().split(/\s+/).map(Number) as [number, number]);
      const geographic = crs === 'EPSG:4326' || crs === 'EPSG:6706';
      const expected = geographic ? ring : cs2cs(crs, ring);
      expect(got.length).toBe(ring.length);
      got.forEach(([x, y], i) => {
        const [ex, ey] = expected[i]!;
        if (geographic) {
          expect(Math.abs(x - ex)).toBeLessThan(1e-9);
          expect(Math.abs(y - ey)).toBeLessThan(1e-9);
        } else {
          expect(Math.abs(x - ex), `${crs} x`).toBeLessThan(0.01);
          expect(Math.abs(y - ey), `${crs} y`).toBeLessThan(0.01);
        }
      });
    }
  });

  it('writes a valid file when the area holds nothing', () => {
    const out = join(t.dir, 'empty.gpkg');
    const s = runExport(
      t.db,
      {
        comune: 'E617',
        layers: DEFAULT_EXPORT_LAYERS,
        crs: 'EPSG:7791',
        area: { kind: 'bbox', bbox: [7, 44, 7.0001, 44.0001] },
        includePersonal: false,
        requestedBy: 'test',
      },
      out,
    );
    expect(s.layers.every((l) => l.count === 0)).toBe(true);
    expect(validateGpkg(out)).toEqual({ code: 0, output: '' });
    expect(ogrinfo(out).find((l) => l.name === 'parcels')).toMatchObject({ geometry: 'Polygon', count: 0 });
  });

  it('declares MULTIPOLYGON when a layer holds one, and writes personal layers only when asked', () => {
    const b = t.db.prepare("SELECT id, geom FROM buildings WHERE comune = 'E617' LIMIT 1").get() as {
      id: number;
      geom: string;
    };
    const g = JSON.parse(b.geom);
    t.db
      .prepare('UPDATE buildings SET geom = ? WHERE id = ?')
      .run(JSON.stringify({ type: 'MultiPolygon', coordinates: [g.coordinates] }), b.id);
    const s = exportTo('EPSG:7791', ['buildings']);
    expect(ogrinfo(s.file)[0]!.geometry).toBe('Multi Polygon');
    expect(validateGpkg(s.file).code).toBe(0);
    t.db.prepare('UPDATE buildings SET geom = ? WHERE id = ?').run(b.geom, b.id);
    expect(() => exportTo('EPSG:7791', ['parcels', 'subjects'])).toThrow(/dati personali/);
    const out = join(t.dir, 'personal.gpkg');
    const p = runExport(
      t.db,
      {
        comune: 'E617',
        layers: ['units', 'subjects', 'ownership', 'imu_positions', 'tari_positions', 'residents'],
        crs: 'EPSG:7791',
        area: { kind: 'comune' },
        includePersonal: true,
        requestedBy: 'test',
      },
      out,
    );
    expect(validateGpkg(p.file).code).toBe(0);
    const layers = new Map(ogrinfo(p.file).map((l) => [l.name, l.count]));
    expect(layers.get('subjects')).toBeGreaterThan(0);
    expect(layers.get('ownership')).toBe(
      count("SELECT count(*) n FROM ownership o JOIN units u ON u.id = o.unit_id WHERE u.comune = 'E617'") +
        count("SELECT count(*) n FROM ownership o JOIN parcels p ON p.id = o.parcel_id WHERE p.comune = 'E617'"),
    );
  });
});
