import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_GDAL, ogrinfo, validateGpkg } from '../helpers/gdal.ts';
import { makeTestApp, snapshot, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp({ parcels: 300 });
});
afterAll(() => t.close());

async function waitForJob(cookie: string, id: string) {
  for (let i = 0; i < 200; i++) {
    const job = await (await t.request(`/api/exports/${id}`, { cookie })).json();
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('export did not finish');
}

async function startExport(user: string, body: unknown) {
  const cookie = await t.login(user);
  const res = await t.request('/api/exports', { method: 'POST', cookie, json: body });
  return { cookie, res, body: await res.json() };
}

describe('exports through the API', () => {
  it('runs an export as a job with progress, then serves the GeoPackage for download', async () => {
    const { cookie, res, body } = await startExport('consultazione', {
      comune: 'E617',
      layers: ['parcels', 'buildings', 'units'],
      crs: 'EPSG:3003',
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/api/exports/${body.id}`);
    const job = await waitForJob(cookie, body.id);
    expect(job.status).toBe('done');
    expect(job.progress).toBe(1);
    expect(job.result.layers.map((l: { id: string }) => l.id)).toEqual(['parcels', 'buildings', 'units']);
    const file = await t.request(job.download, { cookie });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    expect(file.headers.get('content-disposition')).toMatch(
      /attachment; filename="edigit-E617-EPSG3003-\d{4}-\d{2}-\d{2}\.gpkg"/,
    );
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(0, 15).toString()).toBe('SQLite format 3');
    if (HAS_GDAL) {
      const path = join(t.dir, 'downloaded.gpkg');
      writeFileSync(path, bytes);
      expect(validateGpkg(path).code).toBe(0);
      expect(
        ogrinfo(path)
          .map((l) => l.name)
          .sort(),
      ).toEqual(['buildings', 'parcels', 'units']);
    }
    rmSync(job.download ? join(t.dir, 'exports', `${job.id}.gpkg`) : '', { force: true }); // as the daily sweep does
    const gone = await t.request(job.download, { cookie });
    expect(gone.status).toBe(410);
    const log = t.db
      .prepare('SELECT username, comune, layers, crs, personal FROM export_log ORDER BY id DESC LIMIT 1')
      .get();
    expect(log).toEqual({
      username: 'consultazione',
      comune: 'E617',
      layers: 'parcels,buildings,units',
      crs: 'EPSG:3003',
      personal: 0,
    });
  });

  it('lets its owner cancel a running export: the job says so, no file is offered, others get 404', async () => {
    const { cookie, body } = await startExport('consultazione', {
      comune: 'E617',
      layers: ['parcels', 'buildings', 'units', 'addresses'],
      crs: 'EPSG:3003',
    });
    const other = await t.login('urbanista');
    expect((await t.request(`/api/jobs/${body.id}`, { method: 'DELETE', cookie: other })).status).toBe(404);
    const cancel = await t.request(`/api/jobs/${body.id}`, { method: 'DELETE', cookie });
    expect([cancel.status, await cancel.json()]).toEqual([202, { id: body.id, status: 'cancelling' }]);
    const job = await waitForJob(cookie, body.id);
    expect([job.status, job.error, job.download ?? null]).toEqual([
      'failed',
      "annullata dall'utente: nessuna modifica",
      null,
    ]);
    const file = await t.request(`/api/exports/${body.id}/file`, { cookie });
    expect([file.status, (await file.json()).error.code]).toEqual([409, 'not_ready']);
  });

  it('exports only what lies in the current view or a drawn polygon', async () => {
    const b = t.db
      .prepare("SELECT minx, miny, maxx, maxy FROM buildings WHERE comune = 'E617' ORDER BY id LIMIT 1")
      .get() as { minx: number; miny: number; maxx: number; maxy: number };
    const bbox = [b.minx - 0.0005, b.miny - 0.0005, b.maxx + 0.0005, b.maxy + 0.0005];
    const { cookie, body } = await startExport('urbanista', {
      comune: 'E617',
      layers: ['buildings'],
      crs: 'EPSG:4326',
      area: { kind: 'bbox', bbox },
    });
    const job = await waitForJob(cookie, body.id);
    const inView = job.result.layers[0].count;
    const total = (t.db.prepare("SELECT count(*) n FROM buildings WHERE comune = 'E617'").get() as { n: number }).n;
    expect(inView).toBeGreaterThan(0);
    expect(inView).toBeLessThan(total);
    const [w, s, e, n] = bbox as [number, number, number, number];
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [w, n],
          [w, s],
        ],
      ],
    }; // the south-west half of the view
    const p = await startExport('urbanista', {
      comune: 'E617',
      layers: ['buildings'],
      crs: 'EPSG:4326',
      area: { kind: 'polygon', polygon },
    });
    const pj = await waitForJob(p.cookie, p.body.id);
    expect(pj.result.layers[0].count).toBeLessThanOrEqual(inView);
  });

  it('gives personal data only to tributi/admin who ask for it, and logs the read', async () => {
    const layers = ['units', 'subjects', 'ownership'];
    expect((await startExport('consultazione', { comune: 'E617', layers, personal: true })).res.status).toBe(403);
    expect((await startExport('urbanista', { comune: 'E617', layers, personal: true })).res.status).toBe(403);
    const refused = await startExport('tributi', { comune: 'E617', layers });
    expect(refused.res.status).toBe(422);
    expect(refused.body.error.message).toMatch(/dati personali/);
    const reads = (
      t.db.prepare("SELECT count(*) n FROM personal_data_reads WHERE entity = 'export'").get() as { n: number }
    ).n;
    const { cookie, body } = await startExport('tributi', { comune: 'E617', layers, personal: true });
    const job = await waitForJob(cookie, body.id);
    expect(job.status).toBe('done');
    const logged = () =>
      t.db
        .prepare(
          "SELECT user_id, what FROM personal_data_reads WHERE entity = 'export' AND username = 'tributi' ORDER BY id",
        )
        .all() as { user_id: number; what: string }[];
    expect(logged()).toHaveLength(reads + 1);
    const subjects = job.result.layers.find((l: { id: string }) => l.id === 'subjects').count;
    expect(logged().at(-1)!.what).toMatch(
      new RegExp(
        `^esportazione GeoPackage .+\\.gpkg: subjects \\(${subjects}\\), ownership \\(\\d+\\); ${subjects} soggetti$`,
      ),
    );
    // each download, the first and every one after, is a read of the file
    for (const n of [2, 3]) {
      const file = await t.request(`/api/exports/${body.id}/file`, { cookie });
      expect(file.status).toBe(200);
      await file.arrayBuffer();
      expect(logged()).toHaveLength(reads + n);
      expect(logged().at(-1)!.what).toBe(
        `scaricamento dell'esportazione ${body.id}: subjects (${subjects}), ` +
          `ownership (${job.result.layers.find((l: { id: string }) => l.id === 'ownership').count}); ` +
          `${subjects} soggetti`,
      );
    }
    // and the file is never labelled with an open licence
    const rights = new DatabaseSync(join(t.dir, 'exports', `${body.id}.gpkg`), { readOnly: true });
    const metadata = (rights.prepare('SELECT metadata FROM gpkg_metadata').all() as { metadata: string }[]).map(
      (m) => m.metadata,
    );
    rights.close();
    expect(metadata.length).toBeGreaterThan(0);
    for (const m of metadata) {
      expect(m).toContain('non ridistribuibili né pubblicabili; nessuna licenza aperta');
      expect(m).not.toContain('CC BY');
    }
    const catalogue = await (await t.request('/api/exports/catalogue', { cookie: await t.login('urbanista') })).json();
    expect(catalogue.layers.some((l: { personal: boolean }) => l.personal)).toBe(false);
  });

  it("refuses bad requests with reasons, other comuni and other users' jobs, changing nothing", async () => {
    const before = snapshot(t.db);
    const cases: [unknown, number][] = [
      [{ comune: 'E617', layers: ['nope'] }, 422],
      [{ comune: 'E617', crs: 'EPSG:9999' }, 422],
      [{ comune: 'E61' }, 422],
      [{ comune: 'E617', area: { kind: 'bbox', bbox: [1, 2] } }, 422],
      [{ comune: 'E617', area: { kind: 'bbox', bbox: [9.3, 45.6, 9.2, 45.7] } }, 422],
      [{ comune: 'E617', area: { kind: 'bbox', bbox: [-74.1, 40.6, -73.9, 40.8] } }, 422],
      // Catania in UTM 32N: outside its area of use (west of 12° E)
      [{ comune: 'E617', crs: 'EPSG:7791', area: { kind: 'bbox', bbox: [15.0, 37.4, 15.1, 37.5] } }, 422],
      [
        {
          comune: 'E617',
          area: {
            kind: 'polygon',
            polygon: {
              type: 'Polygon',
              coordinates: [
                [
                  [9, 45],
                  [9.1, 45.1],
                  [9.1, 45],
                  [9, 45.1],
                  [9, 45],
                ],
              ],
            },
          },
        },
        422,
      ],
      [{ comune: 'E617', extra: 1 }, 422],
      [{ comune: 'C566' }, 404],
    ];
    const codes: string[] = [];
    for (const [body, status] of cases) {
      const r = await startExport('urbanista', body);
      expect(r.res.status, JSON.stringify(body)).toBe(status);
      codes.push(r.body.error.code);
    }
    expect(codes).toEqual([...Array(9).fill('validation_failed'), 'not_found']);
    const catania = await startExport('urbanista', {
      comune: 'E617',
      crs: 'EPSG:7791',
      area: { kind: 'bbox', bbox: [15.0, 37.4, 15.1, 37.5] },
    });
    const reason = "area fuori dall'area d'uso di EPSG:7791 (5,93–12° E, 36,53–47,04° N)";
    expect(catania.body.error.details).toEqual([{ path: 'area.bbox', message: reason }]);
    const ring = [
      [15.0, 37.4],
      [15.1, 37.4],
      [15.1, 37.5],
      [15.0, 37.4],
    ];
    const drawn = await startExport('urbanista', {
      comune: 'E617',
      crs: 'EPSG:7791',
      area: { kind: 'polygon', polygon: { type: 'Polygon', coordinates: [ring] } },
    });
    expect(drawn.res.status).toBe(422);
    expect(drawn.body.error.details).toEqual([{ path: 'area.polygon', message: reason }]);
    expect(snapshot(t.db)).toBe(before);
    const mine = await startExport('urbanista', { comune: 'E617', layers: ['zoning'] });
    await waitForJob(mine.cookie, mine.body.id);
    expect((await t.request(`/api/exports/${mine.body.id}`, { cookie: await t.login('consultazione') })).status).toBe(
      404,
    );
    expect(
      (await t.request(`/api/exports/${mine.body.id}/file`, { cookie: await t.login('consultazione') })).status,
    ).toBe(404);
    expect((await t.request(`/api/exports/${mine.body.id}`, { cookie: await t.login('admin') })).status).toBe(200);
    expect((await t.request('/api/exports/00000000-0000-0000-0000-000000000000', { cookie: mine.cookie })).status).toBe(
      404,
    );
    expect((await t.request('/api/exports', { method: 'POST', json: { comune: 'E617' } })).status).toBe(401);
  });
});
