// The public IMU and TARI calculators (issue 7 §4): no session, no personal data, rate-limited. With
// "comune" the comune's delibere / tariffs come from the repository (404 when the comune is unknown).
import { Hono } from 'hono';
import { computeImu, computeTari } from '../domain/tax/index.ts';
import type { ImuCase, ImuRateSource, TariTariffSource } from '../domain/tax/types.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { readJson } from '../http/read-json.ts';
import { ImuCalculateRequest, TariCalculateRequest } from './calculator-schemas.ts';
import { rateLimit } from './rate-limit.ts';

export const CALCULATOR_LIMIT = { name: 'tax-calculator', points: 60, seconds: 60 };

function imuCase(r: ImuCalculateRequest): ImuCase {
  const { year, object, share, from, to, months, rate_percent: _r, comune: _c, ...flags } = r;
  return { year, object, share, period: from && to ? { from, to } : { months: months ?? 12 }, flags };
}

export function calculatorRoutes({ store }: Deps) {
  const app = new Hono<AppEnv>();
  app.use('/tax/*/calculate', rateLimit(CALCULATOR_LIMIT));
  app.post('/tax/imu/calculate', async (c) => {
    const r = await readJson(c, ImuCalculateRequest);
    const rates: ImuRateSource = r.comune
      ? { delibere: await store.taxRates.imuDelibere(r.comune) }
      : { rate_percent: r.rate_percent! };
    return c.json(computeImu(imuCase(r), rates));
  });
  app.post('/tax/tari/calculate', async (c) => {
    const { tariff, comune, tefa_percent, ...tari } = await readJson(c, TariCalculateRequest);
    const source: TariTariffSource = comune
      ? { tariffs: await store.taxRates.tariTariffs(comune), ...(tefa_percent === undefined ? {} : { tefa_percent }) }
      : { tariff: tariff!, ...(tefa_percent === undefined ? {} : { tefa_percent }) };
    return c.json(computeTari(tari, source));
  });
  return app;
}
