// The audit's two map layers: served (privately) to tributi and admin only, not listed for anyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteAuditStore } from '../../server/store/sqlite/audit.ts';
import { PARCEL_FEATURE_ID_OFFSET } from '../../server/store/sqlite/audit-tiles.ts';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';
import { decodeTile, tileOf } from '../helpers/tiles.ts';

let t: TestApp;
let building: { id: number; unit: number; minx: number; miny: number; maxx: number; maxy: number };
let parcel: { id: number; minx: number; miny: number; maxx: number; maxy: number };

beforeAll(async () => {
  t = makeTestApp();
  building = t.db
    .prepare(
      `SELECT b.id, min(u.id) AS unit, b.minx, b.miny, b.maxx, b.maxy FROM buildings b JOIN units u
        ON u.building_id = b.id
    WHERE b.comune = 'E617' GROUP BY b.id ORDER BY b.id LIMIT 1`,
    )
    .get() as typeof building;
  parcel = t.db
    .prepare(
      `SELECT id, minx, miny, maxx, maxy FROM parcels WHERE comune = 'E617' AND kind = 'particella'
    AND id NOT IN (SELECT parcel_id FROM building_parcels) ORDER BY id LIMIT 1`,
    )
    .get() as typeof parcel;
  const audit = sqliteAuditStore(t.db);
  const run = await audit.createRun(null, 'E617', [2023, 2024], '2026-12-02');
  const base = { parcel_id: null, subject_id: null, evidence: {}, steps: [] };
  await audit.saveFindings(run.id, 'E617', [
    {
      ...base,
      rule: 2,
      year: 2023,
      unit_id: building.unit,
      building_id: building.id,
      amount_eur: 900,
      claimable_eur: 1200,
    },
    {
      ...base,
      rule: 2,
      year: 2024,
      unit_id: building.unit,
      building_id: building.id,
      amount_eur: 1000,
      claimable_eur: 1250.5,
    },
    {
      ...base,
      rule: 7,
      year: 2024,
      unit_id: null,
      building_id: null,
      parcel_id: parcel.id,
      amount_eur: 300,
      claimable_eur: 380,
    },
  ]);
});
afterAll(() => t.close());

const url = (layer: string, b: { minx: number; miny: number; maxx: number; maxy: number }) => {
  const [z, x, y] = tileOf((b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2, 16);
  return `/api/tiles/${layer}/${z}/${x}/${y}.mvt`;
};

describe('audit layers', () => {
  it('colours buildings by the € claimable on them, privately, for tributi', async () => {
    const res = await t.request(url('tax-recovery', building), { cookie: await t.login('tributi') });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^private\b/);
    const layer = (await decodeTile(res)).layers['tax-recovery']!;
    const f = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((x) => x.id === building.id)!;
    expect(f.properties).toMatchObject({ claimable_eur: 2450.5, findings: 2, rules: '2' });
    const log = t.db.prepare('SELECT username, entity, what FROM personal_data_reads ORDER BY id DESC LIMIT 1').get();
    expect(log).toMatchObject({ username: 'tributi', entity: 'tile:tax-recovery' });
  });

  it('draws objects with findings coloured by the state of their work', async () => {
    const cookie = await t.login('admin');
    const layer = (await decodeTile(await t.request(url('audit-findings', parcel), { cookie }))).layers[
      'audit-findings'
    ]!;
    const f = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find(
      (x) => x.id === PARCEL_FEATURE_ID_OFFSET + parcel.id,
    )!;
    expect(f.properties).toMatchObject({
      object: 'particella',
      parcel_id: parcel.id,
      state: 'da_verificare',
      findings: 1,
      rules: '7',
    });
    expect(f.type).toBe(3);
  });

  it('refuses other roles (403) and anonymous users (401), and lists the layers only to tax staff', async () => {
    for (const user of ['urbanista', 'consultazione', 'cesano']) {
      const cookie = await t.login(user);
      for (const layer of ['tax-recovery', 'audit-findings']) {
        const res = await t.request(url(layer, building), { cookie });
        expect(res.status, `${user} ${layer}`).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
      }
      const ids = (await (await t.request('/api/layers', { cookie })).json()).layers.map((l: { id: string }) => l.id);
      expect(ids).not.toContain('tax-recovery');
      expect(ids).not.toContain('audit-findings');
      expect(ids).toContain('buildings');
    }
    expect((await t.request(url('tax-recovery', building))).status).toBe(401);
    const ids = (await (await t.request('/api/layers', { cookie: await t.login('tributi') })).json()).layers.map(
      (l: { id: string }) => l.id,
    );
    expect(ids).toEqual(expect.arrayContaining(['tax-recovery', 'audit-findings']));
  });
});
