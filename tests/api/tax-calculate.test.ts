import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

const issue = {
  year: 2025,
  object: { kind: 'fabbricato', categoria: 'A/2', rendita: 900 },
  rate_percent: 1.06,
  share: 0.5,
  from: '2025-03-16',
  to: '2025-12-31',
  main_home: false,
  main_home_pertinenza: false,
  pertinenza_rank: 1,
  historic: false,
  unfit: false,
  free_loan: false,
  canone_concordato: false,
};
async function details(res: Response) {
  expect(res.status).toBe(422);
  const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
  expect(body.error.code).toBe('validation_failed');
  return body.error.details.map((d) => d.path);
}

describe.each(ENGINES)('tax calculators (%s)', (engine) => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await makeEngineApp(engine);
  });
  afterAll(() => t.close());

  const post = (path: string, json: unknown) => t.request(`/api/tax/${path}/calculate`, { method: 'POST', json });

  describe('POST /api/tax/imu/calculate', () => {
    it("answers the issue's example without a session", async () => {
      const res = await post('imu', issue);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({
        base: 151_200,
        months: 10,
        tax: 667.8,
        state_share: 0,
        comune_share: 667.8,
        instalments: [
          { due: '2025-06-16', amount: 267.12 },
          { due: '2025-12-16', amount: 400.68 },
        ],
        f24: [{ code: '3918', amount: 668 }],
      });
      expect(body.steps[0]).toEqual({
        rule: 'L. 160/2019 c. 745',
        amount: 151_200,
        text: 'Base imponibile: rendita 900,00 × 1,05 × 160 = 151.200,00',
      });
    });

    it('splits group D between State and comune, and defaults to the whole year and share 1', async () => {
      const object = { kind: 'fabbricato', categoria: 'D/1', rendita: 10_000 };
      const res = await post('imu', { year: 2025, object, rate_percent: 1.06 });
      expect(await res.json()).toMatchObject({
        base: 682_500,
        months: 12,
        tax: 7234.5,
        state_share: 5187,
        comune_share: 2047.5,
        f24: [
          { code: '3925', amount: 5187 },
          { code: '3930', amount: 2048 },
        ],
      });
    });

    it("uses the comune's delibera of the year: E617 2025, and C566 2024 falling back to 2023 (c. 767)", async () => {
      const a2 = { kind: 'fabbricato', categoria: 'A/2', rendita: 900 };
      const lissone = await (await post('imu', { year: 2025, object: a2, comune: 'E617' })).json();
      expect([lissone.rate_percent, lissone.tax]).toEqual([1.06, 1602.72]);
      const shop = await (
        await post('imu', {
          year: 2025,
          object: { kind: 'fabbricato', categoria: 'C/1', rendita: 1000 },
          comune: 'E617',
        })
      ).json();
      expect([shop.rate_percent, shop.tax]).toEqual([0.93, 537.08]);
      const cesano = await (await post('imu', { year: 2024, object: a2, comune: 'C566' })).json();
      expect([cesano.rate_percent, cesano.tax]).toEqual([1, 1512]);
      expect(cesano.steps.find((s: { rule: string }) => s.rule === 'L. 160/2019 c. 767').text).toMatch(
        /^La delibera 2024 non è stata pubblicata nei termini: si applicano le aliquote del 2023/,
      );
    });

    it('taxes the garage of an A1 main home at the main-home rate (code 3912)', async () => {
      const garage = {
        year: 2025,
        object: { kind: 'fabbricato', categoria: 'C6', rendita: 100 },
        rate_percent: 0.6,
        main_home_pertinenza: true,
        main_home_categoria: 'A1',
      };
      expect(await (await post('imu', garage)).json()).toMatchObject({
        base: 16_800,
        tax: 100.8,
        f24: [{ code: '3912', amount: 101 }],
      });
    });

    it('answers 404 for an unknown comune', async () => {
      const res = await post('imu', { ...issue, rate_percent: undefined, comune: 'F205' });
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    });

    it('answers 422 naming the field', async () => {
      expect(await details(await post('imu', { ...issue, object: { kind: 'fabbricato', categoria: 'A/2' } }))).toEqual([
        'object.rendita',
      ]);
      expect(
        await details(await post('imu', { ...issue, object: { kind: 'fabbricato', categoria: 'Z/9', rendita: 1 } })),
      ).toEqual(['object.categoria']);
      expect(await details(await post('imu', { ...issue, comune: 'E617' }))).toEqual(['rate_percent']);
      expect(await details(await post('imu', { ...issue, rate_percent: undefined }))).toEqual(['rate_percent']);
      expect(await details(await post('imu', { ...issue, from: '2025-12-31', to: '2025-03-16' }))).toEqual(['from']);
      expect(await details(await post('imu', { ...issue, from: '2024-12-31' }))).toEqual(['from']);
      expect(await details(await post('imu', { ...issue, to: '2026-01-31' }))).toEqual(['to']);
      expect(await details(await post('imu', { ...issue, share: 0 }))).toEqual(['share']);
      expect(await details(await post('imu', { ...issue, share: 1.5 }))).toEqual(['share']);
      expect(await details(await post('imu', { ...issue, from: undefined, to: undefined, months: 13 }))).toEqual([
        'months',
      ]);
      expect(await details(await post('imu', { ...issue, object: { kind: 'villa' } }))).toEqual(['object.kind']);
      expect(await details(await post('imu', { ...issue, main_home_categoria: 'A/0' }))).toEqual([
        'main_home_categoria',
      ]);
      expect(await details(await post('imu', { ...issue, share_percent: 50 }))).toEqual(['share_percent']);
      expect(await details(await post('imu', { ...issue, object: { ...issue.object, renditta: 1 } }))).toEqual([
        'object.renditta',
      ]);
      const d1 = { kind: 'fabbricato', categoria: 'D/1', rendita: 10_000 };
      expect(await details(await post('imu', { ...issue, object: d1, rate_percent: 0.5 }))).toEqual(['rate_percent']);
    });
  });

  describe('POST /api/tax/tari/calculate', () => {
    const tari = {
      year: 2025,
      kind: 'domestica',
      surface_m2: 100,
      occupants: 3,
      tariff: { fixed_per_m2: 0.85, variable: 120 },
      from: '2025-07-01',
      to: '2025-12-31',
      tefa_percent: 5,
    };

    it('prorates 184 days and adds TEFA', async () => {
      const res = await post('tari', tari);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        days: 184,
        fixed: 42.85,
        variable: 60.49,
        tari: 103.34,
        tefa: 5.17,
        total: 108.51,
      });
    });

    it("uses the comune's tariff of the year", async () => {
      const req = { year: 2025, kind: 'non_domestica', surface_m2: 100, category: 1, comune: 'E617' };
      const body = await (await post('tari', req)).json();
      // E617 2025: Kc 0.54 × 0.95 and × 0.88, × 1.02⁴ (fixtures/rates.ts) → 0.5553 and 0.5144 €/m²
      expect([body.days, body.fixed, body.variable, body.tari, body.tefa, body.total]).toEqual([
        365, 55.53, 51.44, 106.97, 5.35, 112.32,
      ]);
    });

    it('answers 422 naming the field', async () => {
      expect(await details(await post('tari', { ...tari, occupants: undefined }))).toEqual(['occupants']);
      expect(await details(await post('tari', { ...tari, kind: 'non_domestica', category: 31 }))).toEqual(['category']);
      expect(await details(await post('tari', { ...tari, kind: 'non_domestica' }))).toEqual(['category']);
      expect(await details(await post('tari', { ...tari, comune: 'E617' }))).toEqual(['tariff']);
      expect(await details(await post('tari', { ...tari, from: '2025-08-01', to: '2025-07-01' }))).toEqual(['from']);
      expect(await details(await post('tari', { ...tari, surface_m2: -1 }))).toEqual(['surface_m2']);
    });
  });

  describe('rate limit', () => {
    it('answers 429 with Retry-After after 60 requests a minute from one address', async () => {
      const env = { incoming: { socket: { remoteAddress: '192.0.2.7' } } };
      const send = () =>
        t.app.request(
          '/api/tax/imu/calculate',
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(issue) },
          env,
        );
      const statuses: number[] = [];
      for (let i = 0; i < 61; i++) statuses.push((await send()).status);
      expect(statuses.filter((s) => s === 200).length).toBe(60);
      expect(statuses[60]).toBe(429);
      const res = await send();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await res.json()).error.code).toBe('rate_limited');
      const other = await t.app.request(
        '/api/tax/imu/calculate',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(issue) },
        { incoming: { socket: { remoteAddress: '192.0.2.8' } } },
      );
      expect(other.status).toBe(200);
    });
  });

  describe('OpenAPI', () => {
    it('documents both calculators as public, with request and response schemas', async () => {
      const doc = await (await t.request('/api/openapi.json')).json();
      for (const name of ['imu', 'tari']) {
        const op = doc.paths[`/api/tax/${name}/calculate`].post;
        expect(op.security).toEqual([]);
        expect(Object.keys(op.responses)).toEqual(['200', '400', '404', '413', '415', '422', '429']);
      }
      expect(doc.components.schemas.ImuCalculateRequest.properties.object.oneOf.length).toBe(3);
      expect(doc.components.schemas.TariCalculateResponse.required).toContain('total');
    });
  });
});
