// GDAL as the independent checker of exports (Debian gdal-bin + python3-gdal).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseCsv } from '../../server/exchange/import/csv.ts';

const VALIDATORS = [
  '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py',
  '/usr/share/doc/python3-gdal/examples/validate_gpkg.py',
];
export const VALIDATE_GPKG = VALIDATORS.find(existsSync) ?? null;
export const HAS_GDAL = spawnSync('ogrinfo', ['--version']).status === 0 && VALIDATE_GPKG !== null;

export function validateGpkg(file: string): { code: number | null; output: string } {
  const r = spawnSync('python3', [VALIDATE_GPKG!, '--warning-as-error', file], { encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

export interface OgrLayer {
  name: string;
  geometry: string;
  count: number;
  extent: [number, number, number, number] | null;
  epsg: number | null;
}

/** `ogrinfo -so -al` parsed: layers, geometry type, feature count, extent and EPSG code. */
export function ogrinfo(file: string): OgrLayer[] {
  const text = execFileSync('ogrinfo', ['-so', '-al', '-nomd', file], { encoding: 'utf8' });
  return text
    .split(/\nLayer name: /)
    .slice(1)
    .map((block) => {
      const name = block.split('\n')[0]!.trim();
      const ext = /Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)/.exec(block);
      const ids = [...block.matchAll(/ID\["EPSG",(\d+)\]\]\s*$/gm)];
      const last = /\n {4}ID\["EPSG",(\d+)\]\]/.exec(block) ?? ids[ids.length - 1];
      return {
        name,
        geometry: /Geometry: (.+)/.exec(block)?.[1]?.trim() ?? 'None',
        count: Number(/Feature Count: (\d+)/.exec(block)?.[1] ?? NaN),
        extent: ext ? [Number(ext[1]), Number(ext[2]), Number(ext[3]), Number(ext[4])] : null,
        epsg: last ? Number(last[1]) : null,
      };
    });
}

/** Features as GDAL reads them: CSV with WKT geometry. */
export function ogrFeaturesWkt(
  file: string,
  layer: string,
  where: string,
): { wkt: string; row: Record<string, string> }[] {
  const csv = execFileSync(
    'ogr2ogr',
    ['-f', 'CSV', '/vsistdout/', file, layer, '-where', where, '-lco', 'GEOMETRY=AS_WKT'],
    { encoding: 'utf8' },
  );
  return parseCsv(csv).rows.map(({ values: { wkt, ...row } }) => ({ wkt: wkt!, row }));
}

/** PROJ's cs2cs: lon/lat (WGS84) to the target CRS, as "x y" in the CRS's own axis order. */
export function cs2cs(target: string, lonlat: [number, number][]): [number, number][] {
  const input = lonlat.map(([lon, lat]) => `${lat} ${lon}`).join('\n');
  const out = execFileSync('cs2cs', ['-f', '%.6f', 'EPSG:4326', target], { input, encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).slice(0, 2).map(Number) as [number, number]);
}
