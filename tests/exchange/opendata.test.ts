import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp({ parcels: 150 });
});
afterAll(() => t.close());

describe('open data', () => {
  it('lists the public datasets with licence and attribution, and no personal data', async () => {
    const res = await t.request('/api/opendata');
    expect(res.status).toBe(200);
    const cat = await res.json();
    expect(cat.license.name).toBe('CC BY 4.0');
    const ids = cat.datasets.map((d: { id: string }) => d.id);
    expect(ids).toContain('E617/parcels');
    expect(ids).toContain('C566/buildings');
    expect(ids.some((id: string) => /subjects|ownership|imu|tari|residents/.test(id))).toBe(false);
    expect(cat.datasets.find((d: { id: string }) => d.id === 'E617/parcels').attribution).toMatch(
      /Agenzia delle Entrate \(CC BY 4\.0\)/,
    );
  });

  it('serves a layer as GeoJSON without a session, at a stable URL, with the licence', async () => {
    const res = await t.request('/api/opendata/E617/buildings.geojson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    expect(res.headers.get('link')).toMatch(/creativecommons\.org\/licenses\/by\/4\.0/);
    const fc = await res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.license.name).toBe('CC BY 4.0');
    expect(fc.features.length).toBe(
      (t.db.prepare("SELECT count(*) n FROM buildings WHERE comune = 'E617'").get() as { n: number }).n,
    );
    expect(fc.features[0].properties.code).toMatch(/^E617-/);
    expect(fc.features[0].geometry.type).toBe('Polygon');
    expect(JSON.stringify(fc)).not.toMatch(/codice_fiscale/);
  });

  it('serves CSV, with a centroid for spatial layers', async () => {
    const parcels = await (await t.request('/api/opendata/E617/parcels.csv')).text();
    const [header, first] = parcels.split('\n');
    expect(header).toBe(
      'wkt_centroide,comune,sezione,foglio,particella,tipo,qualita,classe,superficie,' +
        'reddito_dominicale,reddito_agrario',
    );
    expect(first).toMatch(/^POINT \(9\.\d+ 45\.\d+\),E617,/);
    const units = await (await t.request('/api/opendata/E617/units.csv')).text();
    expect(units.split('\n')[0]).toMatch(/^building_code,comune,sezione,foglio,particella,subalterno,categoria/);
  });

  it('publishes text as plain text: markup stored before the rule is stripped, new markup is refused', async () => {
    const id = (
      t.db.prepare("SELECT id FROM buildings WHERE comune = 'E617' ORDER BY id LIMIT 1").get() as { id: number }
    ).id;
    t.db
      .prepare('UPDATE buildings SET note = ? WHERE id = ?')
      .run('Tetto <b>rifatto</b> nel 2019<script>alert(1)</script><!-- x --> (3 < 4)', id);
    const fc = await (await t.request('/api/opendata/E617/buildings.geojson')).json();
    const note = fc.features.find((f: { properties: { note: string } }) => f.properties.note.startsWith('Tetto'))
      .properties.note;
    expect(note).toBe('Tetto rifatto nel 2019alert(1) (3 < 4)');
    const csv = await (await t.request('/api/opendata/E617/buildings.csv')).text();
    expect(csv).toContain('Tetto rifatto nel 2019alert(1) (3 < 4)');
    expect(csv).not.toMatch(/<script|<b>/);
    const cookie = await t.login('urbanista');
    const etag = (await t.request(`/api/buildings/${id}`, { cookie })).headers.get('etag')!;
    const res = await t.request(`/api/buildings/${id}`, {
      method: 'PATCH',
      cookie,
      headers: { 'if-match': etag },
      json: { note: 'vedi <a href="http://x">qui</a>' },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details).toEqual([
      { path: 'note', message: 'testo semplice: marcatori HTML (<…>) non ammessi' },
    ]);
  });

  it('answers 404 for unknown comuni, layers, formats and personal data', async () => {
    for (const path of [
      '/api/opendata/Z999/parcels.geojson',
      '/api/opendata/E617/subjects.csv',
      '/api/opendata/E617/imu_positions.csv',
      '/api/opendata/E617/parcels.shp',
      '/api/opendata/E617/units.geojson',
    ]) {
      const res = await t.request(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });
});
