// The audit's two map layers: served (privately) to tributi and admin only, not listed for anyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARCEL_FEATURE_ID_OFFSET } from '../../server/store/shared/finding-tiles.ts';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';
import { decodeTile, tileOf } from '../helpers/tiles.ts';

type Box = { minx: number; miny: number; maxx: number; maxy: number };

const url = (layer: string, b: Box) => {
  const [z, x, y] = tileOf((b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2, 16);
  return `/api/tiles/${layer}/${z}/${x}/${y}.mvt`;
};

describe.each(ENGINES)('audit layers (%s)', (engine) => {
  let t: EngineApp;
  let building: Box & { id: number; unit: number };
  let parcel: Box & { id: number };
  // The bounding box of a row: columns on SQLite, computed from the geometry on PostgreSQL.
  const bbox = (a: string) =>
    engine === 'sqlite'
      ? `${a}.minx, ${a}.miny, ${a}.maxx, ${a}.maxy`
      : `ST_XMin(${a}.geom) AS minx, ST_YMin(${a}.geom) AS miny, ` +
        `ST_XMax(${a}.geom) AS maxx, ST_YMax(${a}.geom) AS maxy`;

  beforeAll(async () => {
    t = await makeEngineApp(engine);
    building = (await t.row<typeof building>(
      `SELECT b.id, min(u.id) AS unit, ${bbox('b')} FROM buildings b JOIN units u ON u.building_id = b.id
      WHERE b.comune = 'E617' GROUP BY b.id ORDER BY b.id LIMIT 1`,
    ))!;
    parcel = (await t.row<typeof parcel>(
      `SELECT p.id, ${bbox('p')} FROM parcels p WHERE p.comune = 'E617' AND p.kind = 'particella'
      AND p.id NOT IN (SELECT parcel_id FROM building_parcels) ORDER BY p.id LIMIT 1`,
    ))!;
    const { audit } = t.store;
    const base = { parcel_id: null, subject_id: null, evidence: {}, steps: [] };
    await t.store.withComuni('all', async () => {
      const run = await audit.createRun(null, 'E617', [2023, 2024], '2026-12-02');
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
  });
  afterAll(() => t.close());

  it('colours buildings by the € claimable on them, privately, for tributi', async () => {
    const res = await t.request(url('tax-recovery', building), { cookie: await t.login('tributi') });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^private\b/);
    const layer = (await decodeTile(res)).layers['tax-recovery']!;
    const f = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((x) => x.id === building.id)!;
    expect(f.properties).toMatchObject({ claimable_eur: 2450.5, findings: 2, rules: '2' });
    const log = await t.row('SELECT username, entity, what FROM personal_data_reads ORDER BY id DESC LIMIT 1');
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
