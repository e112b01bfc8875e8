import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_GDAL, ogrinfo, validateGpkg } from '../helpers/gdal.ts';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = makeTestApp({ parcels: 300 });
  cookie = await t.login('tributi');
  const run = await (await t.request('/api/audit/runs', { method: 'POST', cookie, json: { comune: 'E617' } })).json();
  for (let i = 0; i < 400; i++) {
    const r = await (await t.request(`/api/audit/runs/${run.id}`, { cookie })).json();
    if (r.status === 'done') return;
    if (r.status === 'failed') throw new Error(r.error);
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('audit run did not finish');
});
afterAll(() => t.close());

async function exportFindings(user: string, body: Record<string, unknown>) {
  const c = user === 'tributi' ? cookie : await t.login(user);
  const res = await t.request('/api/exports', {
    method: 'POST',
    cookie: c,
    json: { comune: 'E617', layers: ['audit_findings'], crs: 'EPSG:4326', ...body },
  });
  const started = await res.json();
  if (res.status !== 202) return { status: res.status, body: started };
  for (let i = 0; i < 200; i++) {
    const job = await (await t.request(`/api/exports/${started.id}`, { cookie: c })).json();
    if (job.status === 'done' || job.status === 'failed') return { status: res.status, body: job, cookie: c };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('export did not finish');
}

describe("the worklist's findings as a GeoPackage (personal export)", () => {
  it("holds exactly the findings of the worklist's filter, on their buildings, and is logged as personal", async () => {
    const listed = (await (await t.request('/api/audit/findings?comune=E617&foglio=1&limit=500', { cookie })).json())
      .items as { id: number; claimable_eur: number }[];
    expect(listed.length).toBeGreaterThan(0);
    const { status, body: job } = await exportFindings('tributi', { personal: true, findings: { foglio: '1' } });
    expect(status).toBe(202);
    expect(job.status).toBe('done');
    expect(job.result.layers).toEqual([{ id: 'audit_findings', count: listed.length }]);
    const file = join(t.dir, 'findings.gpkg');
    writeFileSync(file, Buffer.from(await (await t.request(job.download, { cookie })).arrayBuffer()));
    const gpkg = new DatabaseSync(file, { readOnly: true });
    const rows = gpkg.prepare('SELECT finding_id, foglio FROM audit_findings').all() as {
      finding_id: number;
      foglio: string;
    }[];
    const geometryType = gpkg
      .prepare("SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = 'audit_findings'")
      .get();
    gpkg.close();
    expect(rows.map((r) => r.finding_id).sort((a, b) => a - b)).toEqual(listed.map((f) => f.id).sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.foglio))).toEqual(new Set(['1']));
    expect(geometryType).toEqual({ geometry_type_name: 'MULTIPOLYGON' });
    if (HAS_GDAL) {
      expect(validateGpkg(file).code).toBe(0);
      expect(ogrinfo(file)).toEqual([
        expect.objectContaining({ name: 'audit_findings', count: listed.length, epsg: 4326 }),
      ]);
    }
    const log = t.db.prepare('SELECT username, layers, personal FROM export_log ORDER BY id DESC LIMIT 1').get();
    expect(log).toEqual({ username: 'tributi', layers: 'audit_findings', personal: 1 });
    const reads = t.db
      .prepare("SELECT what FROM personal_data_reads WHERE entity = 'export' ORDER BY id DESC LIMIT 2")
      .all() as { what: string }[];
    // made, then downloaded: two reads of the same file's findings
    expect(reads[1]!.what).toMatch(
      new RegExp(`^esportazione GeoPackage .+\\.gpkg: audit_findings \\(${listed.length}\\)$`),
    );
    expect(reads[0]!.what).toMatch(
      new RegExp(`^scaricamento dell'esportazione [0-9a-f-]{36}: audit_findings \\(${listed.length}\\)$`),
    );
  });

  it('refuses the layer without the explicit personal flag, and to roles without personal data', async () => {
    const unflagged = await exportFindings('tributi', {});
    expect(unflagged.status).toBe(422);
    expect(unflagged.body.error.details[0].path).toBe('layers');
    const planner = await exportFindings('urbanista', { personal: true });
    expect(planner.status).toBe(403);
    const badFilter = await exportFindings('tributi', { personal: true, findings: { rule: 9 } });
    expect(badFilter.status).toBe(422);
    expect(badFilter.body.error.details[0].path).toBe('findings.rule');
  });
});
