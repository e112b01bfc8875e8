import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../server/db/open.ts';
import { CRS_WKT } from '../../server/domain/crs/wkt.ts';
import { runExport } from '../../server/exchange/export/run-export.ts';
import { GpkgWriter } from '../../server/exchange/gpkg/writer.ts';
import { ImportRefused } from '../../server/exchange/import/apply.ts';
import { CxfError, parseCxf } from '../../server/exchange/import/cxf.ts';
import { FormatError, parseNationalReference } from '../../server/exchange/import/formats.ts';
import { type ImportRequest, runImport } from '../../server/exchange/import/run-import.ts';
import { makeTestApp, snapshot, type TestApp } from '../helpers/test-app.ts';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'cadastre');
const CXF = join(SHARED, 'H501D076700.CTF');
const WFS = join(SHARED, 'ade-wfs-particelle-esempio.geojson');

let t: TestApp;
let db: Db;
beforeAll(() => {
  t = makeTestApp({ parcels: 200 });
  db = t.db;
});
afterAll(() => t.close());

const imp = (r: Partial<ImportRequest> & Pick<ImportRequest, 'format' | 'file' | 'comune'>) =>
  runImport(db, { name: r.file.split('/').pop()!, dryRun: false, partial: false, username: 'test', ...r });
/** E617's `layer` exported whole in `crs` to a GeoPackage named `name`. */
function exportE617(name: string, layer: 'parcels' | 'buildings', crs: string) {
  const out = join(t.dir, name);
  runExport(
    db,
    { comune: 'E617', layers: [layer], crs, area: { kind: 'comune' }, includePersonal: false, requestedBy: 'test' },
    out,
  );
  return out;
}
/** A GeoPackage applied for E617 to `target` (not a dry run, all or nothing). */
const importInto = (target: Db, file: string, extra: Partial<ImportRequest> = {}) =>
  runImport(target, {
    format: 'gpkg',
    file,
    name: file.split('/').pop()!,
    comune: 'E617',
    dryRun: false,
    partial: false,
    username: 'test',
    ...extra,
  });
const count = (sql: string, ...p: string[]) => (db.prepare(sql).get(...p) as { n: number }).n;
const write = (name: string, text: string) => {
  const f = join(t.dir, name);
  writeFileSync(f, text);
  return f;
};

/** A GeoPackage of square parcels in EPSG:4326: `table` with the two key columns named as given, one row each. */
function parcelGpkg(
  name: string,
  table: string,
  keys: [foglio: string, particella: string],
  rows: { foglio: string; particella: string; west: number; south: number; side: number }[],
): string {
  const path = join(t.dir, name);
  const w = new GpkgWriter(path);
  const tbl = w.createTable({
    name: table,
    title: 'x',
    description: 'x',
    geometry: { type: 'POLYGON', srs: CRS_WKT['EPSG:4326']! },
    columns: keys.map((k) => ({ name: k, type: 'TEXT' as const, title: k, description: k })),
  });
  for (const r of rows) {
    const [w0, s0, e0, n0] = [r.west, r.south, r.west + r.side, r.south + r.side];
    tbl.add([r.foglio, r.particella], {
      type: 'Polygon',
      coordinates: [
        [
          [w0, s0],
          [e0, s0],
          [e0, n0],
          [w0, n0],
          [w0, s0],
        ],
      ],
    });
  }
  w.finish({ xml: '<metadata/>' });
  return path;
}

describe('CXF', () => {
  it('parses the real sheet: 381 parcels, 131 buildings, 2 water, 1 road, the sheet boundary, islands kept', () => {
    const c = parseCxf(readFileSync(CXF, 'latin1'));
    const kinds: Record<string, number> = {};
    for (const p of c.polygons) kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
    expect(kinds).toEqual({ sheet: 1, parcel: 381, building: 131, water: 2, road: 1 });
    expect(c.sheet).toMatchObject({ comune: 'H501', sezione: 'D', foglio: '767', scale: 4000 });
    expect(c.counts).toMatchObject({ BORDO: 516, TESTO: 88, SIMBOLO: 307, FIDUCIALE: 27, LINEA: 645 });
    expect(c.polygons.filter((p) => p.rings.length > 1).length).toBeGreaterThan(0);
  });

  it('refuses a malformed sheet with the line number', () => {
    const text = readFileSync(CXF, 'latin1').split(/\r?\n/);
    const broken = [...text.slice(0, 20), 'non-un-numero', ...text.slice(21)].join('\n');
    expect(() => parseCxf(broken)).toThrow(CxfError);
    expect(() => parseCxf(broken)).toThrow(/riga 21/);
    expect(() => parseCxf(text.slice(0, 200).join('\n'))).toThrow(/troncato/);
  });

  it('imports the real sheet into a new comune (Roma, H501), holes kept, then a second import changes nothing', () => {
    const before = snapshot(db);
    const dry = imp({ format: 'cxf', file: CXF, comune: 'H501', crs: 'EPSG:7792', dryRun: true });
    expect(dry.added).toEqual({ particelle: 381, acque: 2, strade: 1, edifici: 131 });
    expect(snapshot(db)).toBe(before); // a dry run writes nothing but its log line
    const r = imp({ format: 'cxf', file: CXF, comune: 'H501', crs: 'EPSG:7792' });
    expect(r.comuneAdded).toBe(true);
    expect(db.prepare("SELECT name, province FROM comuni WHERE code = 'H501'").get()).toEqual({
      name: 'Roma',
      province: 'RM',
    });
    expect(
      count(
        `SELECT count(*) n FROM parcels
          WHERE comune = 'H501' AND sezione = 'D' AND foglio = '767' AND kind = 'particella'`,
      ),
    ).toBe(381);
    expect(count("SELECT count(*) n FROM parcels WHERE comune = 'H501' AND kind = 'acqua'")).toBe(2);
    expect(count("SELECT count(*) n FROM parcels WHERE comune = 'H501' AND kind = 'strada'")).toBe(1);
    expect(count("SELECT count(*) n FROM buildings WHERE comune = 'H501'")).toBe(131);
    expect(
      count(
        "SELECT count(*) n FROM building_parcels bp JOIN buildings b ON b.id = bp.building_id WHERE b.comune = 'H501'",
      ),
    ).toBeGreaterThan(120);
    const holes =
      count(
        `SELECT count(*) n FROM parcels
          WHERE comune = 'H501' AND json_array_length(json_extract(geom, '$.coordinates')) > 1`,
      ) +
      count(
        `SELECT count(*) n FROM buildings
          WHERE comune = 'H501' AND json_array_length(json_extract(geom, '$.coordinates')) > 1`,
      );
    expect(holes).toBe(
      parseCxf(readFileSync(CXF, 'latin1')).polygons.filter((p) => p.kind !== 'sheet' && p.rings.length > 1).length,
    );
    const again = imp({ format: 'cxf', file: CXF, comune: 'H501', crs: 'EPSG:7792' });
    expect(again.added).toEqual({});
    expect(again.unchanged).toEqual({ particelle: 381, acque: 2, strade: 1, edifici: 131 });
    expect(count("SELECT count(*) n FROM parcels WHERE comune = 'H501'")).toBe(384);
  });

  it('places the sheet where PROJ does (RDN2008 / UTM 33N → WGS84)', () => {
    const c = parseCxf(readFileSync(CXF, 'latin1'));
    const p = c.polygons.find((x) => x.kind === 'parcel')!;
    const row = db
      .prepare("SELECT geom FROM parcels WHERE comune = 'H501' AND foglio = '767' AND particella = ?")
      .get(p.id) as { geom: string };
    const stored = (JSON.parse(row.geom) as { coordinates: [number, number][][] }).coordinates[0]!;
    const [lat, lon] = cs2csInverse(p.rings[0]![0]!);
    expect(stored.some(([x, y]) => Math.abs(x - lon) < 1e-7 && Math.abs(y - lat) < 1e-7)).toBe(true);
  });

  it('takes a Cassini-Soldner origin as a PROJ string', () => {
    // A made-up local origin: what matters is that the user's parameters are applied, as PROJ would.
    const cass =
      '+proj=cass +lat_0=41.9 +lon_0=12.45 +x_0=0 +y_0=0 +ellps=intl ' +
      '+towgs84=-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68 +units=m +no_defs';
    const text = [
      'MAPPA',
      'H501D076700',
      '2000',
      'BORDO',
      '1',
      '12',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '5',
      '0',
      '0',
      '100',
      '0',
      '100',
      '100',
      '0',
      '100',
      '0',
      '0',
      'EOF',
    ].join('\n');
    const r = imp({ format: 'cxf', file: write('cass.ctf', text), comune: 'H501', crs: cass });
    expect(r.added).toEqual({ particelle: 1 });
    const ring = JSON.parse(
      (
        db.prepare("SELECT geom FROM parcels WHERE comune = 'H501' AND foglio = '767' AND particella = '1'").get() as {
          geom: string;
        }
      ).geom,
    ).coordinates[0] as [number, number][];
    const [lon, lat] = execFileSync(
      'cs2cs',
      ['-f', '%.9f', ...cass.split(' '), '+to', '+proj=longlat', '+datum=WGS84', '+no_defs'],
      { input: '100 100', encoding: 'utf8' },
    )
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(ring.some(([x, y]) => Math.abs(x - lon!) < 1e-7 && Math.abs(y - lat!) < 1e-7)).toBe(true);
  });

  it("needs the CRS, and the sheet's own comune", () => {
    expect(() => imp({ format: 'cxf', file: CXF, comune: 'H501' })).toThrow(FormatError);
    expect(() => imp({ format: 'cxf', file: CXF, comune: 'E617', crs: 'EPSG:7792' })).toThrow(/del comune H501/);
  });
});

/** PROJ from RDN2008 / UTM 33N to geographic: "lat lon". */
function cs2csInverse([e, n]: [number, number]): [number, number] {
  const r = execFileSync('cs2cs', ['-f', '%.9f', 'EPSG:7792', 'EPSG:4326'], { input: `${e} ${n}`, encoding: 'utf8' });
  return r.trim().split(/\s+/).slice(0, 2).map(Number) as [number, number];
}

describe('INSPIRE CadastralParcel', () => {
  it('splits the national reference', () => {
    expect(parseNationalReference('C209_000500.96')).toEqual({
      comune: 'C209',
      sezione: '',
      foglio: '5',
      particella: '96',
    });
    expect(parseNationalReference('L439_002100.STRADA001')).toEqual({
      comune: 'L439',
      sezione: '',
      foglio: '21',
      particella: 'STRADA001',
    });
    expect(parseNationalReference('C209_000500')).toBeNull();
  });

  it("refuses a file with another comune's parcels unless partial, then imports the rest", () => {
    const before = snapshot(db);
    expect(() => imp({ format: 'inspire', file: WFS, comune: 'C209' })).toThrow(ImportRefused);
    expect(snapshot(db)).toBe(before);
    const r = imp({ format: 'inspire', file: WFS, comune: 'C209', partial: true });
    expect(r.added).toEqual({ particelle: 2 });
    expect(r.rejected.map((x) => x.source)).toEqual(['feature 1', 'feature 2']);
    expect(
      db.prepare("SELECT foglio, particella FROM parcels WHERE comune = 'C209' ORDER BY particella").all(),
    ).toEqual([
      { foglio: '5', particella: '95' },
      { foglio: '5', particella: '96' },
    ]);
    const roads = imp({ format: 'inspire', file: WFS, comune: 'L439', partial: true });
    expect(roads.added).toEqual({ strade: 1, acque: 1 });
  });

  it('reads GML with EPSG:6706 latitude-first posLists and interior rings', () => {
    const gml =
      `<?xml version="1.0"?>
<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" ` +
      `xmlns:cp="http://inspire.ec.europa.eu/schemas/cp/4.0" xmlns:gml="http://www.opengis.net/gml/3.2">
 <wfs:member><cp:CadastralParcel gml:id="p1">
  <cp:geometry><gml:MultiSurface srsName="http://www.opengis.net/def/crs/EPSG/0/6706"><gml:surfaceMember><gml:Polygon>
   <gml:exterior><gml:LinearRing><gml:posList>40.5 16.0 40.5 16.01 40.51 16.01 40.51 16.0 40.5 16.0</gml:posList>` +
      `</gml:LinearRing></gml:exterior>
   <gml:interior><gml:LinearRing><gml:posList>40.502 16.002 40.504 16.002 40.504 16.004 40.502 16.004 40.502 16.002` +
      `</gml:posList></gml:LinearRing></gml:interior>
  </gml:Polygon></gml:surfaceMember></gml:MultiSurface></cp:geometry>
  <cp:label>12</cp:label><cp:nationalCadastralReference>C209_000700.12</cp:nationalCadastralReference>
 </cp:CadastralParcel></wfs:member>
</wfs:FeatureCollection>`;
    const r = imp({ format: 'inspire', file: write('p.gml', gml), comune: 'C209' });
    expect(r.added).toEqual({ particelle: 1 });
    const g = JSON.parse(
      (
        db.prepare("SELECT geom FROM parcels WHERE comune = 'C209' AND foglio = '7' AND particella = '12'").get() as {
          geom: string;
        }
      ).geom,
    );
    expect(g.coordinates).toHaveLength(2);
    expect(g.coordinates[0][0]).toEqual([16.0, 40.5]); // lon, lat
  });

  it('repairs only what is unambiguous and rejects the rest with reason and location', () => {
    const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
    const f = (ref: string, ring: number[][]) => ({
      type: 'Feature',
      properties: { NATIONALCADASTRALREFERENCE: ref },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    const open = f('C209_000800.1', [
      [16, 40.6],
      [16.01, 40.6],
      [16.01, 40.61],
      [16.01, 40.61],
      [16, 40.61],
    ]); // not closed, repeated vertex
    const bowtie = f('C209_000800.2', [
      [16, 40.6],
      [16.01, 40.61],
      [16.01, 40.6],
      [16, 40.61],
      [16, 40.6],
    ]);
    const file = write('mixed.geojson', fc([open, bowtie]));
    const before = snapshot(db);
    let refused: ImportRefused | undefined;
    try {
      imp({ format: 'inspire', file, comune: 'C209' });
    } catch (e) {
      refused = e as ImportRefused;
    }
    expect(refused?.report.rejected[0]).toMatchObject({ source: 'feature 2', reason: 'self-intersection' });
    expect(refused!.report.rejected[0]!.location![0]).toBeCloseTo(16.005, 6);
    expect(snapshot(db)).toBe(before);
    const r = imp({ format: 'inspire', file, comune: 'C209', partial: true });
    expect(r.added).toEqual({ particelle: 1 });
    expect(r.repaired).toEqual([
      {
        source: 'feature 1',
        repairs: expect.arrayContaining([
          'anello chiuso (primo e ultimo vertice non coincidevano)',
          'vertici consecutivi ripetuti rimossi',
        ]),
      },
    ]);
  });

  it('refuses an unknown Belfiore code and a file that is not GeoJSON', () => {
    expect(() => imp({ format: 'inspire', file: WFS, comune: 'Z999' })).toThrow(/Belfiore sconosciuto/);
    expect(() => imp({ format: 'inspire', file: write('bad.json', '{"type": "Feature"'), comune: 'C209' })).toThrow(
      FormatError,
    );
  });
});

describe('GeoPackage from a partner', () => {
  it('round-trips our own export in Monte Mario back into a fresh register to the centimetre', () => {
    const out = exportE617('partner.gpkg', 'parcels', 'EPSG:3003');
    const fresh = openDatabase(join(t.dir, 'fresh.db'));
    const r = importInto(fresh, out);
    expect(r.added.particelle).toBe(count("SELECT count(*) n FROM parcels WHERE comune = 'E617'"));
    const a = JSON.parse(
      (db.prepare("SELECT geom FROM parcels WHERE comune = 'E617' ORDER BY id LIMIT 1").get() as { geom: string }).geom,
    ).coordinates[0][0];
    const first = db
      .prepare("SELECT foglio, particella FROM parcels WHERE comune = 'E617' ORDER BY id LIMIT 1")
      .get() as { foglio: string; particella: string };
    const b = JSON.parse(
      (
        fresh
          .prepare('SELECT geom FROM parcels WHERE foglio = ? AND particella = ?')
          .get(first.foglio, first.particella) as { geom: string }
      ).geom,
    ).coordinates[0][0];
    expect(Math.abs(a[0] - b[0]) * 78_000).toBeLessThan(0.01); // metres of longitude at 45°N
    expect(Math.abs(a[1] - b[1]) * 111_000).toBeLessThan(0.01);
    const again = importInto(fresh, out);
    expect(again.added).toEqual({});
    fresh.close();
  });

  it('takes any EPSG code PROJ knows: an export in WGS 84 / UTM 33N comes back to the centimetre', () => {
    const out = exportE617('utm33.gpkg', 'parcels', 'EPSG:32633');
    const fresh = openDatabase(join(t.dir, 'fresh-utm.db'));
    const r = importInto(fresh, out);
    expect(r.added.particelle).toBe(count("SELECT count(*) n FROM parcels WHERE comune = 'E617'"));
    const first = db
      .prepare("SELECT foglio, particella, geom FROM parcels WHERE comune = 'E617' ORDER BY id LIMIT 1")
      .get() as { foglio: string; particella: string; geom: string };
    const a = JSON.parse(first.geom).coordinates[0][0];
    const b = JSON.parse(
      (
        fresh
          .prepare('SELECT geom FROM parcels WHERE foglio = ? AND particella = ?')
          .get(first.foglio, first.particella) as { geom: string }
      ).geom,
    ).coordinates[0][0];
    expect(Math.abs(a[0] - b[0]) * 78_000).toBeLessThan(0.01);
    expect(Math.abs(a[1] - b[1]) * 111_000).toBeLessThan(0.01);
    fresh.close();
    expect(() => imp({ format: 'gpkg', file: out, comune: 'E617', crs: 'EPSG:999999' })).toThrow(
      /CRS non supportato: EPSG:999999 \(un codice EPSG noto a PROJ/,
    );
  });

  it("imports a partner's buildings layer, linked to the parcels by foglio/particella", () => {
    const out = exportE617('buildings.gpkg', 'buildings', 'EPSG:7791');
    const fresh = openDatabase(join(t.dir, 'fresh-b.db'));
    const r = importInto(fresh, out, { target: 'buildings' });
    expect(r.added.edifici).toBe(count("SELECT count(*) n FROM buildings WHERE comune = 'E617'"));
    expect((fresh.prepare("SELECT count(*) n FROM buildings WHERE code LIKE 'E617-%'").get() as { n: number }).n).toBe(
      r.added.edifici,
    );
    fresh.close();
  });

  it("never writes another comune's building: refused whole, rejected rows when partial, nothing changed", () => {
    const out = exportE617('e617-buildings.gpkg', 'buildings', 'EPSG:7791');
    const buildings = count("SELECT count(*) n FROM buildings WHERE comune = 'E617'");
    const own = count("SELECT count(*) n FROM buildings WHERE comune = 'C566'");
    const before = snapshot(db);
    let refused: ImportRefused | undefined;
    try {
      imp({ format: 'gpkg', file: out, comune: 'C566', target: 'buildings' });
    } catch (e) {
      refused = e as ImportRefused;
    }
    expect(refused).toBeInstanceOf(ImportRefused);
    expect(refused!.report.outcome).toBe('refused');
    expect(refused!.report.rejected).toHaveLength(buildings);
    expect(new Set(refused!.report.rejected.map((r) => r.reason))).toEqual(new Set(['other-comune']));
    expect(snapshot(db)).toBe(before);
    for (const dryRun of [true, false]) {
      const r = imp({ format: 'gpkg', file: out, comune: 'C566', target: 'buildings', partial: true, dryRun });
      expect(r.added).toEqual({});
      expect(r.updated).toEqual({});
      expect(r.rejected[0]!.message).toMatch(
        /^il codice edificio E617-\d+ è di un altro comune: non si importa in C566$/,
      );
    }
    expect(count("SELECT count(*) n FROM buildings WHERE comune = 'C566'")).toBe(own);
    expect(snapshot(db)).toBe(before);
  });

  it('refuses a new building code that names another comune, even if no such building exists yet', () => {
    const out = exportE617('e617-new-code.gpkg', 'buildings', 'EPSG:7791');
    const gpkg = new DatabaseSync(out);
    // the R*Tree triggers call GeoPackage SQL functions that plain SQLite lacks; the codes are all we change
    for (const { name } of gpkg.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
    }[])
      gpkg.exec(`DROP TRIGGER "${name}"`);
    const fid = (gpkg.prepare('SELECT min(fid) AS fid FROM buildings').get() as { fid: number }).fid;
    gpkg.prepare("UPDATE buildings SET code = 'E617-999999' WHERE fid = ?").run(fid);
    gpkg.prepare("UPDATE buildings SET code = 'PARTNER-' || fid WHERE fid <> ?").run(fid);
    gpkg.close();
    const before = snapshot(db);
    const r = imp({ format: 'gpkg', file: out, comune: 'C566', target: 'buildings', partial: true, dryRun: true });
    expect(r.rejected.map((x) => [x.reason, x.message])).toEqual([
      ['other-comune', 'il codice edificio E617-999999 è di un altro comune: non si importa in C566'],
    ]);
    expect(snapshot(db)).toBe(before);
  });

  it('puts every change of an import into the history with the import id', () => {
    const out = exportE617('e617-own.gpkg', 'buildings', 'EPSG:4326');
    const b = db.prepare("SELECT id, geom FROM buildings WHERE comune = 'E617' ORDER BY id LIMIT 1").get() as {
      id: number;
      geom: string;
    };
    const moved = JSON.parse(b.geom) as { coordinates: number[][][] };
    moved.coordinates[0] = moved.coordinates[0]!.map(([x, y]) => [x! + 0.00001, y!]);
    db.prepare('UPDATE buildings SET geom = ? WHERE id = ?').run(JSON.stringify(moved), b.id);
    const r = imp({ format: 'gpkg', file: out, comune: 'E617', target: 'buildings' });
    expect(r.updated).toEqual({ edifici: 1 });
    const log = db.prepare("SELECT id, outcome FROM import_log WHERE file = 'e617-own.gpkg'").get() as {
      id: number;
      outcome: string;
    };
    expect(log.outcome).toBe('applied');
    const h = db
      .prepare(
        `SELECT username, before, after FROM history
          WHERE entity = 'building' AND entity_id = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(b.id) as { username: string; before: string; after: string };
    expect(h.username).toBe('test');
    expect(JSON.parse(h.before).footprint).toEqual(moved);
    expect(JSON.parse(h.after).import_id).toBe(log.id);
    expect(JSON.parse(h.after).footprint.coordinates[0][0][0]).toBeCloseTo(moved.coordinates[0]![0]![0]! - 0.00001, 7);
  });

  it("maps a partner's own column names", () => {
    const path = parcelGpkg(
      'mapped.gpkg',
      'particelle_partner',
      ['FG', 'NUM'],
      [{ foglio: '31', particella: '7', west: 9.2, south: 45.6, side: 0.001 }],
    );
    expect(() => imp({ format: 'gpkg', file: path, comune: 'E617' })).toThrow(/--map foglio=/);
    const r = imp({ format: 'gpkg', file: path, comune: 'E617', mapping: 'foglio=FG,particella=NUM' });
    expect(r.added).toEqual({ particelle: 1 });
    expect(count("SELECT count(*) n FROM parcels WHERE comune = 'E617' AND foglio = '31' AND particella = '7'")).toBe(
      1,
    );
  });
});

describe('GeoPackage identifiers', () => {
  it('reads a layer whose name has quotes as a name, never as SQL', () => {
    const name = `part'icelle"; DROP TABLE x; --`;
    const path = parcelGpkg(
      'quoted.gpkg',
      name,
      ['foglio', 'particella'],
      [{ foglio: '32', particella: '8', west: 9.21, south: 45.6, side: 0.001 }],
    );
    expect(imp({ format: 'gpkg', file: path, comune: 'E617', layer: name }).added).toEqual({ particelle: 1 });
  });
});

describe('hostile GeoPackages', () => {
  /** A GeoPackage with one small parcel layer, as the start of each hostile file. */
  const base = (name: string) =>
    parcelGpkg(
      name,
      'particelle',
      ['foglio', 'particella'],
      [0, 1, 2].map((i) => ({
        foglio: '40',
        particella: String(i),
        west: 9.22 + i * 0.001,
        south: 45.6,
        side: 0.0005,
      })),
    );

  it('refuses a layer that is an endless recursive view at once, without running it', () => {
    const path = base('recursive-view.gpkg');
    const g = new DatabaseSync(path);
    g.exec(`CREATE VIEW infinite AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
      SELECT i AS fid, (SELECT geom FROM particelle LIMIT 1) AS geom, '1' AS foglio, i AS particella FROM n
      ORDER BY i DESC`);
    g.exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
      SELECT 'infinite', 'features', 'infinite', srs_id FROM gpkg_geometry_columns WHERE table_name = 'particelle'`);
    g.exec(`INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
      SELECT 'infinite', 'geom', 'POLYGON', srs_id, 0, 0 FROM gpkg_geometry_columns WHERE table_name = 'particelle'`);
    g.close();
    const before = snapshot(db);
    expect(() => imp({ format: 'gpkg', file: path, comune: 'E617', layer: 'infinite' })).toThrow(
      new FormatError(
        'il layer infinite è una vista (VIEW), non una tabella: si importano solo tabelle. ' +
          'Esportarlo come tabella (es. ogr2ogr) e riprovare',
      ),
    );
    expect(snapshot(db)).toBe(before);
  });

  it('counts the objects before reading them: over the limit, refused with the limit', () => {
    const path = base('many.gpkg');
    expect(() => imp({ format: 'gpkg', file: path, comune: 'E617', maxFeatures: 2 })).toThrow(
      new FormatError(
        'il file contiene più di 2 oggetti: il massimo per importazione è 2 (EDIGIT_IMPORT_MAX_FEATURES)',
      ),
    );
  });

  it('rejects a geometry of several megabytes as a row, with its size', () => {
    const path = base('huge-geometry.gpkg');
    const g = new DatabaseSync(path);
    for (const { name } of g.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
    }[])
      g.exec(`DROP TRIGGER "${name}"`);
    g.prepare('UPDATE particelle SET geom = zeroblob(5 * 1048576) WHERE fid = (SELECT min(fid) FROM particelle)').run();
    g.close();
    const r = imp({ format: 'gpkg', file: path, comune: 'E617', partial: true, dryRun: true });
    expect(r.rejected).toEqual([
      {
        source: expect.stringMatching(/^feature \d+$/),
        reason: 'geometry-too-large',
        message: 'geometria troppo grande (5,0 MB, massimo 4 MB): un edificio o una particella non ne ha bisogno',
      },
    ]);
    expect(r.added).toEqual({ particelle: 2 });
  });
});

describe('tax and residents CSV', () => {
  const unit = () =>
    db
      .prepare("SELECT id, foglio, particella, subalterno FROM units WHERE comune = 'E617' ORDER BY id LIMIT 1")
      .get() as { id: number; foglio: string; particella: string; subalterno: string };

  it('imports dated IMU positions, F24 payments, TARI and residence periods; a second import changes nothing', () => {
    const u = unit();
    const key = `;;${u.foglio};${u.particella};${u.subalterno}`;
    const imu = write(
      'imu.csv',
      'anno;codice_fiscale;cognome;nome;sezione;foglio;particella;subalterno;tipo;quota;mesi;' +
        `abitazione_principale;dovuto;diritto;dal;al
2025;RSSMRA85T10A562S;Rossi;Mario${key};fabbricato;0,5;10;no;412,50;usufrutto;2025-03-16;2025-12-31
`,
    );
    expect(imp({ format: 'csv-imu', file: imu, comune: 'E617' }).added).toEqual({ soggetti: 1, posizioni_imu: 1 });
    expect(
      db
        .prepare(
          `SELECT right, from_date, to_date, months, due FROM imu_positions
            WHERE subject_id = (SELECT id FROM subjects WHERE codice_fiscale = 'RSSMRA85T10A562S')`,
        )
        .get(),
    ).toEqual({ right: 'usufrutto', from_date: '2025-03-16', to_date: '2025-12-31', months: 10, due: 412.5 });
    const pay = write(
      'pay.csv',
      `anno,codice_fiscale,data,importo,codice_tributo,rata,sezione,foglio,particella,subalterno
2025,RSSMRA85T10A562S,2025-06-16,206.25,3918,acconto,${key.slice(1).replace(/;/g, ',')}
2024,RSSMRA85T10A562S,2025-01-20,35,3918,saldo,,,,
`,
    );
    expect(imp({ format: 'csv-imu-versamenti', file: pay, comune: 'E617' }).added).toEqual({ versamenti: 2 });
    expect(
      db
        .prepare(
          `SELECT tax_year, f24_code, instalment, paid_on, amount, position_id IS NOT NULL linked FROM imu_payments
            WHERE subject_id = (SELECT id FROM subjects WHERE codice_fiscale = 'RSSMRA85T10A562S') ORDER BY id`,
        )
        .all(),
    ).toEqual([
      { tax_year: 2025, f24_code: '3918', instalment: 'acconto', paid_on: '2025-06-16', amount: 206.25, linked: 1 },
      { tax_year: 2024, f24_code: '3918', instalment: 'saldo', paid_on: '2025-01-20', amount: 35, linked: 0 },
    ]);
    const tari = write(
      'tari.csv',
      'anno;codice_fiscale;cognome;nome;sezione;foglio;particella;subalterno;' +
        `utenza;superficie;occupanti;categoria;dal;al
2025;RSSMRA85T10A562S;Rossi;Mario${key};domestica;80;2;;2025-03-16;2025-12-31
`,
    );
    expect(imp({ format: 'csv-tari', file: tari, comune: 'E617' }).added).toEqual({ posizioni_tari: 1 });
    const res = write(
      'res.csv',
      `codice_fiscale;cognome;nome;sezione;foglio;particella;subalterno;dal;al
RSSMRA85T10A562S;Rossi;Mario${key};2020-01-01;2025-03-15
`,
    );
    expect(imp({ format: 'csv-residenti', file: res, comune: 'E617' }).added).toEqual({ residenti: 1 });
    expect(
      db
        .prepare(
          `SELECT since, until FROM residents
            WHERE subject_id = (SELECT id FROM subjects WHERE codice_fiscale = 'RSSMRA85T10A562S')`,
        )
        .get(),
    ).toEqual({ since: '2020-01-01', until: '2025-03-15' });
    for (const [format, file] of [
      ['csv-imu', imu],
      ['csv-imu-versamenti', pay],
      ['csv-tari', tari],
      ['csv-residenti', res],
    ] as const) {
      expect(imp({ format, file, comune: 'E617' }).added, format).toEqual({});
    }
    // Every write has its history, by the importing user.
    expect(
      count(
        `SELECT count(*) n FROM history
          WHERE username = 'test'
            AND entity IN ('imu_position', 'imu_payment', 'tari_position', 'resident', 'subject')`,
      ),
    ).toBe(6);
  });

  it('refuses bad rows with line numbers and changes nothing, unless partial', () => {
    const u = unit();
    const key = `;;${u.foglio};${u.particella};${u.subalterno}`;
    const file = write(
      'bad.csv',
      'anno;codice_fiscale;cognome;nome;sezione;foglio;particella;subalterno;' +
        `utenza;superficie;occupanti;categoria;dal;al
2025;BNCFNC90C45F205X;Bianchi;Francesca${key};domestica;70;1;;;
2025;BNCFNC90C45F205H;Bianchi;Francesca;;9999;1;1;domestica;70;1;;;
2025;BNCFNC90C45F205H;Bianchi;Francesca${key};domestica;-3;1;;;
2025;BNCFNC90C45F205H;Bianchi;Francesca${key};non_domestica;70;;negozi;;
2025;BNCFNC90C45F205H;Bianchi;Francesca${key};domestica;70;1;;2025-07-01;2024-12-31
2025;BNCFNC90C45F205H;Bianchi;Francesca;;${u.foglio};${u.particella};tre;domestica;70;1;;;
2025;BNCFNC90C45F205H;Bianchi;Francesca${key};domestica;70;1;;;
`,
    );
    const before = snapshot(db);
    let refused: ImportRefused | undefined;
    try {
      imp({ format: 'csv-tari', file, comune: 'E617' });
    } catch (e) {
      refused = e as ImportRefused;
    }
    expect(refused!.report.rejected.map((r) => r.source)).toEqual([
      'riga 2',
      'riga 3',
      'riga 4',
      'riga 5',
      'riga 6',
      'riga 7',
    ]);
    expect(refused!.report.rejected.map((r) => r.message)).toEqual([
      'codice fiscale: carattere di controllo errato',
      'unità  9999 1 sub. 1 non presente nel catasto del comune',
      'superficie non valido: "-3"',
      'utenza non domestica: indicare la categoria DPR 158/1999 (1…30)',
      "periodo 2025-07-01 – 2024-12-31 non compreso nell'anno 2025",
      'subalterno non valido: "tre" (un numero, es. 3)',
    ]);
    expect(snapshot(db)).toBe(before);
    // the kept reports name rows, never a codice fiscale
    expect(
      (db.prepare("SELECT count(*) n FROM import_log WHERE report LIKE '%BNCFNC90C45F205%'").get() as { n: number }).n,
    ).toBe(0);
    expect(imp({ format: 'csv-tari', file, comune: 'E617', dryRun: true }).added).toEqual({
      soggetti: 1,
      posizioni_tari: 1,
    });
    expect(snapshot(db)).toBe(before);
    expect(imp({ format: 'csv-tari', file, comune: 'E617', partial: true }).added).toEqual({
      soggetti: 1,
      posizioni_tari: 1,
    });
    expect(() =>
      imp({ format: 'csv-tari', file: write('cols.csv', 'anno;codice_fiscale\n2025;X\n'), comune: 'E617' }),
    ).toThrow(/colonne mancanti/);
    expect(() =>
      imp({
        format: 'csv-imu-versamenti',
        file: write('old-pay.csv', 'anno;codice_fiscale;data;importo\n'),
        comune: 'E617',
      }),
    ).toThrow('colonne mancanti: codice_tributo, rata (attese: anno;codice_fiscale;data;importo;codice_tributo;rata)');
  });
});

describe('rights and cadastral history CSV', () => {
  const unit = () =>
    db
      .prepare(`SELECT id, foglio, particella, subalterno FROM units WHERE comune = 'E617'
    AND id NOT IN (SELECT unit_id FROM rights WHERE unit_id IS NOT NULL) ORDER BY id LIMIT 1`)
      .get() as { id: number; foglio: string; particella: string; subalterno: string } | undefined;
  const fresh = (sub: string) => {
    // A unit nobody holds yet: a new one in an existing parcel's building.
    const u = unit();
    if (u) return u;
    const any = db
      .prepare("SELECT building_id, foglio, particella FROM units WHERE comune = 'E617' ORDER BY id LIMIT 1")
      .get() as { building_id: number; foglio: string; particella: string };
    const id = Number(
      db
        .prepare(
          `INSERT INTO units (building_id, comune, sezione, foglio, particella, subalterno, categoria, rendita)
            VALUES (?, 'E617', '', ?, ?, ?, 'A/3', 500)`,
        )
        .run(any.building_id, any.foglio, any.particella, sub).lastInsertRowid,
    );
    db.prepare(
      `INSERT INTO unit_cadastral_history (unit_id, valid_from, categoria, rendita)
        VALUES (?, '1900-01-01', 'A/3', 500)`,
    ).run(id);
    return { id, foglio: any.foglio, particella: any.particella, subalterno: sub };
  };
  const HEADER = 'codice_fiscale;cognome;nome;sezione;foglio;particella;subalterno;diritto;quota;dal;al;atto';

  it('imports a sale and an inheritance with deed dates; a second import changes nothing', () => {
    const u = fresh('901');
    const k = `;;${u.foglio};${u.particella};${u.subalterno}`;
    const file = write(
      'diritti.csv',
      `${HEADER}
VRDLGU60A01F205P;Verdi;Luigi${k};proprietà;1;1990-05-10;2023-06-15;compravendita rep. 1234
BNCLRA75D41F205P;Bianchi;Laura${k};proprieta;1/2;2023-06-16;2024-02-09;compravendita rep. 5678
BNCMRC72C10F205L;Bianchi;Marco${k};proprieta;1/2;2023-06-16;;compravendita rep. 5678
BNCPLA98A41F205Q;Bianchi;Paola${k};proprieta;1/4;2024-02-10;;successione
BNCLCU00B01F205A;Bianchi;Luca${k};proprieta;1/4;2024-02-10;;successione
`,
    );
    const r = imp({ format: 'csv-diritti', file, comune: 'E617' });
    expect(r.added).toEqual({ soggetti: 5, diritti: 5 });
    expect(
      db
        .prepare(
          `SELECT right, share_num, share_den, valid_from, valid_to FROM rights
            WHERE unit_id = ? ORDER BY valid_from, id`,
        )
        .all(u.id),
    ).toEqual([
      { right: 'proprieta', share_num: 1, share_den: 1, valid_from: '1990-05-10', valid_to: '2023-06-15' },
      { right: 'proprieta', share_num: 1, share_den: 2, valid_from: '2023-06-16', valid_to: '2024-02-09' },
      { right: 'proprieta', share_num: 1, share_den: 2, valid_from: '2023-06-16', valid_to: null },
      { right: 'proprieta', share_num: 1, share_den: 4, valid_from: '2024-02-10', valid_to: null },
      { right: 'proprieta', share_num: 1, share_den: 4, valid_from: '2024-02-10', valid_to: null },
    ]);
    // every change in the history, with the import that made it
    const line = db.prepare("SELECT max(id) AS id FROM import_log WHERE format = 'csv-diritti'").get() as {
      id: number;
    };
    const changes = db
      .prepare(`SELECT entity, count(*) AS n FROM history WHERE json_extract(after, '$.import_id') = ?
        GROUP BY entity ORDER BY entity`)
      .all(line.id);
    expect(changes).toEqual([
      { entity: 'right', n: 5 },
      { entity: 'subject', n: 5 },
    ]);
    expect(imp({ format: 'csv-diritti', file, comune: 'E617' }).added).toEqual({});
    expect(imp({ format: 'csv-diritti', file, comune: 'E617' }).unchanged).toEqual({ diritti: 5 });
  });

  it('refuses a file whose shares exceed the whole at some date, all or nothing', () => {
    const u = fresh('902');
    const k = `;;${u.foglio};${u.particella};${u.subalterno}`;
    const file = write(
      'troppo.csv',
      `${HEADER}
RSSGNN50A01F205K;Rossi;Giovanni${k};proprieta;1/2;2000-01-01;;
RSSNNA55A41F205N;Rossi;Anna${k};proprieta;1/2;2000-01-01;;
FRRLCU80A01F205N;Ferrari;Luca${k};proprieta;1/2;2022-03-01;;
`,
    );
    const before = snapshot(db);
    let refused: ImportRefused | undefined;
    try {
      imp({ format: 'csv-diritti', file, comune: 'E617' });
    } catch (e) {
      refused = e as ImportRefused;
    }
    expect(refused!.report.outcome).toBe('refused');
    expect(refused!.report.rejected).toEqual([
      {
        source: 'file',
        reason: 'inconsistent',
        message: `unità ${u.id}: quote oltre l'intero al 2022-03-01 (proprietà 1.5, altri diritti 0)`,
      },
    ]);
    expect(snapshot(db)).toBe(before);
    expect(() =>
      imp({
        format: 'csv-diritti',
        file: write('bad-right.csv', `${HEADER}\nRSSGNN50A01F205K;Rossi;Giovanni${k};comodato;1;2000-01-01;;\n`),
        comune: 'E617',
      }),
    ).toThrow(/righe rifiutate/);
    expect(snapshot(db)).toBe(before);
  });

  it("imports a unit's cadastral history, closing the version a revision supersedes and updating the unit", () => {
    const u = db
      .prepare(
        `SELECT id, foglio, particella, subalterno, rendita FROM units
          WHERE comune = 'E617' AND categoria = 'A/3' ORDER BY id LIMIT 1`,
      )
      .get() as { id: number; foglio: string; particella: string; subalterno: string; rendita: number };
    const k = `;;${u.foglio};${u.particella};${u.subalterno}`;
    const file = write(
      'storico.csv',
      'sezione;foglio;particella;subalterno;dal;al;categoria;classe;consistenza;rendita;' +
        `superficie_catastale;superficie_escluse_scoperte
${k.slice(1)};2024-04-02;;A2;3;5,5;710,17;98;92
`,
    );
    const r = imp({ format: 'csv-storico-catastale', file, comune: 'E617' });
    expect(r.added).toEqual({ versioni_catastali: 1 });
    expect(r.updated).toEqual({ versioni_chiuse: 1, unita_aggiornate: 1 });
    const versions = db
      .prepare(
        `SELECT valid_from, valid_to, categoria, rendita FROM unit_cadastral_history
          WHERE unit_id = ? ORDER BY valid_from`,
      )
      .all(u.id) as { valid_from: string; valid_to: string | null; categoria: string; rendita: number }[];
    expect(versions.slice(-2).map((v) => [v.valid_to, v.categoria])).toEqual([
      ['2024-04-01', 'A/3'],
      [null, 'A/2'],
    ]);
    expect(versions[versions.length - 1]!.rendita).toBe(710.17);
    expect(
      db.prepare('SELECT categoria, classe, rendita, superficie_escluse_scoperte FROM units WHERE id = ?').get(u.id),
    ).toEqual({ categoria: 'A/2', classe: '3', rendita: 710.17, superficie_escluse_scoperte: 92 });
    expect(imp({ format: 'csv-storico-catastale', file, comune: 'E617' }).added).toEqual({});
    // An earlier version overlapping the ones there refuses the whole file.
    const before = snapshot(db);
    const overlap = write(
      'overlap.csv',
      `sezione;foglio;particella;subalterno;dal;al;categoria;rendita\n${k.slice(1)};2024-01-01;2024-12-31;A/3;600\n`,
    );
    expect(() => imp({ format: 'csv-storico-catastale', file: overlap, comune: 'E617' })).toThrow(/si sovrappongono/);
    expect(snapshot(db)).toBe(before);
  });
});
