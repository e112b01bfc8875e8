import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

describe.each(ENGINES)('tax rates (%s)', (engine) => {
  let t: EngineApp;
  let tributi = '';
  let urbanista = '';
  beforeAll(async () => {
    t = await makeEngineApp(engine);
    tributi = await t.login('tributi');
    urbanista = await t.login('urbanista');
  });
  afterAll(() => t.close());

  const get = (path: string, cookie = tributi) => t.request(`/api/tax/rates/${path}`, { cookie });
  const put = (path: string, json: unknown, ifMatch?: string, cookie = tributi) =>
    t.request(`/api/tax/rates/${path}`, {
      method: 'PUT',
      cookie,
      json,
      headers: ifMatch ? { 'if-match': ifMatch } : {},
    });
  const a2 = { year: 2025, object: { kind: 'fabbricato', categoria: 'A/2', rendita: 900 }, comune: 'E617' };

  describe('GET /api/tax/rates/{comune}/{year}', () => {
    it("answers the tax office of the comune with the year's rates and an ETag", async () => {
      const res = await get('E617/2025');
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"imu.1-tari.1-set.1"');
      const body = await res.json();
      expect([body.imu.ordinary, body.imu.categories, body.imu.version]).toEqual([
        1.06,
        { 'C/1': 0.93, 'C/3': 0.93, 'D/5': 1.06 },
        1,
      ]);
      expect(body.tari.domestic_variable.length).toBe(6);
      expect(body.building_land).toEqual({ A: 270.56, B: 228.93, C: 166.5, D: 124.87 });
      expect(body.interest_spread).toBe(0);
    });

    it('refuses other roles (403), other comuni (404) and anonymous users (401)', async () => {
      expect((await get('E617/2025', urbanista)).status).toBe(403);
      const other = await get('C566/2025');
      expect([other.status, (await other.json()).error.code]).toEqual([404, 'not_found']);
      expect((await t.request('/api/tax/rates/E617/2025')).status).toBe(401);
      expect((await get('E617/20x5')).status).toBe(400);
    });
  });

  describe('PUT /api/tax/rates/{comune}/{year}', () => {
    const needsIfMatch =
      'needs If-Match (428), refuses stale (412) and bad values naming the field (422), changing nothing';
    it(needsIfMatch, async () => {
      const before = await t.snapshot();
      const current = (await (await get('E617/2025')).json()).imu;
      expect((await put('E617/2025', { imu: current })).status).toBe(428);
      const stale = await put('E617/2025', { imu: current }, '"imu.7-tari.1-set.1"');
      expect([stale.status, (await stale.json()).error.code]).toEqual([412, 'stale_version']);
      const staleAndBad = await put('E617/2025', { imu: { ...current, ordinary: 2 } }, '"imu.7-tari.1-set.1"');
      expect([staleAndBad.status, (await staleAndBad.json()).error.code]).toEqual([412, 'stale_version']);
      const star = await put('E617/2025', { imu: current }, '*');
      expect([star.status, (await star.json()).error.code]).toEqual([428, 'precondition_required']);
      const bad = await put('E617/2025', { imu: { ...current, ordinary: 2 } }, '"imu.1-tari.1-set.1"');
      expect(bad.status).toBe(422);
      expect((await bad.json()).error.details.map((d: { path: string }) => d.path)).toEqual(['imu.ordinary']);
      expect((await put('E617/2025', { imu: current }, '"imu.1-tari.1-set.1"', urbanista)).status).toBe(403);
      expect(await t.snapshot()).toBe(before);
    });

    it('saves with history, answers the new ETag, and the calculator uses the new rate', async () => {
      const current = (await (await get('E617/2025')).json()).imu;
      const res = await put(
        'E617/2025',
        { imu: { ...current, ordinary: 1.1 }, interest_spread: 1.5 },
        '"imu.1-tari.1-set.1"',
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"imu.2-tari.1-set.2"');
      expect((await res.json()).interest_spread).toBe(1.5);
      const history = await t.rows<{ entity: string; username: string; before: string; after: string }>(
        'SELECT entity, username, before, after FROM history WHERE entity IN ' +
          "('imu_delibera', 'comune_tax_settings') ORDER BY id",
      );
      expect(history.map((h) => [h.entity, h.username])).toEqual([
        ['imu_delibera', 'tributi'],
        ['comune_tax_settings', 'tributi'],
      ]);
      expect([JSON.parse(history[0]!.before).ordinary, JSON.parse(history[0]!.after).ordinary]).toEqual([1.06, 1.1]);
      const calc = await (await t.request('/api/tax/imu/calculate', { method: 'POST', json: a2 })).json();
      expect([calc.rate_percent, calc.tax]).toEqual([1.1, 1663.2]);
      expect((await put('E617/2025', { imu: current }, '"imu.1-tari.1-set.1"')).status).toBe(412);
    });
  });

  describe('POST /api/tax/rates/{comune}/import', () => {
    it('loads the GET shape for several years, all or nothing', async () => {
      const y2025 = await (await get('E617/2025')).json();
      const y2027 = { ...y2025, year: 2027, imu: { ...y2025.imu, ordinary: 1.14, source: 'Delibera 2027' } };
      const bad = await t.request('/api/tax/rates/E617/import', {
        method: 'POST',
        cookie: tributi,
        json: [y2027, { ...y2027, year: 2028, tari: { ...y2025.tari, domestic_variable: [1, 2] } }],
      });
      expect(bad.status).toBe(422);
      expect((await bad.json()).error.details.map((d: { path: string }) => d.path)).toEqual([
        '1.tari.domestic_variable',
      ]);
      expect((await get('E617/2027')).headers.get('etag')).toBe('"imu.0-tari.0-set.2"');
      const res = await t.request('/api/tax/rates/E617/import', { method: 'POST', cookie: tributi, json: [y2027] });
      expect(res.status).toBe(200);
      const imported = (await res.json()).imported as { year: number; imu: { ordinary: number } }[];
      expect(imported.map((y) => [y.year, y.imu.ordinary])).toEqual([[2027, 1.14]]);
      const calc = await (
        await t.request('/api/tax/imu/calculate', { method: 'POST', json: { ...a2, year: 2027 } })
      ).json();
      expect(calc.rate_percent).toBe(1.14);
    });
  });

  describe('POST /api/tax/rates/{comune}/import (CSV)', () => {
    const csv = (rows: string[]) =>
      t.request('/api/tax/rates/E617/import', {
        method: 'POST',
        cookie: tributi,
        headers: { 'content-type': 'text/csv' },
        body: ['anno;voce;valore', ...rows].join('\n'),
      });
    const imu2028 = [
      '2028;imu.published;sì',
      '2028;imu.ordinary;1,02',
      '2028;imu.main_home;0,5',
      '2028;imu.group_d;1,02',
      '2028;imu.rural;0,1',
      '2028;imu.beni_merce;0',
      '2028;imu.agricultural;0,76',
      '2028;imu.building_land;1,02',
      '2028;imu.categories.C/1;0,9',
      '2028;imu.canone_concordato;',
      '2028;imu.source;"Delibera C.C. n. 5; 2028"',
      '2028;building_land.A;300,5',
    ];

    it('loads one value per row (anno;voce;valore, decimal comma)', async () => {
      const res = await csv(imu2028);
      expect(res.status).toBe(200);
      const y = await (await get('E617/2028')).json();
      expect([
        y.imu.ordinary,
        y.imu.categories,
        y.imu.canone_concordato,
        y.imu.source,
        y.imu.main_home_deduction,
      ]).toEqual([1.02, { 'C/1': 0.9 }, null, 'Delibera C.C. n. 5; 2028', 200]);
      expect(y.building_land.A).toBe(300.5);
    });

    it('names the row of an unknown voce and the year and voce of a bad value', async () => {
      const unknown = await csv([...imu2028, '2028;imu.colore;blu']);
      expect(unknown.status).toBe(422);
      expect((await unknown.json()).error.details).toEqual([
        { path: 'riga 14', message: 'voce sconosciuta: imu.colore' },
      ]);
      const bad = await csv(imu2028.map((r) => r.replace('imu.ordinary;1,02', 'imu.ordinary;2')));
      expect((await bad.json()).error.details.map((d: { path: string }) => d.path)).toEqual(['2028.imu.ordinary']);
    });
  });
});
