// Rates and tariffs per comune and year, for the tax office: read, edit (If-Match, history) and import.
// Only tributi and admin of that comune; another comune answers 404 like every other resource.
import { type Context, Hono } from 'hono';
import type { User } from '../domain/users/user.ts';
import { badRequest, forbidden, HttpError, notFound, unprocessable } from '../errors/http-error.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { checkIfMatch, requireIfMatch } from '../http/preconditions.ts';
import { readJson } from '../http/read-json.ts';
import { requireUser } from '../http/session-middleware.ts';
import { inScope, may } from '../policy/policy.ts';
import type { ReadVersions, YearRates } from '../store/tax-rates.ts';
import { ratesFromCsv } from './rates-csv.ts';
import { RatesImport, YearRatesPut } from './rates-schemas.ts';

function scope(c: Context<AppEnv>): { user: User; comune: string } {
  const user = requireUser(c);
  const comune = c.req.param('comune') ?? '';
  if (!may(user, 'tax-rates')) throw forbidden("Aliquote e tariffe sono gestite dall'ufficio tributi");
  if (!inScope(user, comune)) throw notFound(`Comune ${comune.slice(0, 8)} non trovato`);
  return { user, comune };
}

function yearParam(raw: string | undefined): number {
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw ?? '') || year < 2012 || year > 2100) {
    throw badRequest(`Anno non valido: ${String(raw).slice(0, 8)}`);
  }
  return year;
}

/** One ETag over the three versioned parts of a year: IMU delibera, TARI tariff, comune settings. */
const etagOf = (r: YearRates) =>
  `"imu.${r.imu?.version ?? 0}-tari.${r.tari?.version ?? 0}-set.${r.settings_version ?? 0}"`;

const STALE_RATES = 'Le aliquote sono state modificate da un altro utente: ricaricare e ripetere la modifica';

function readVersions(ifMatch: string): ReadVersions {
  const m = /^(?:W\/)?"imu\.(\d+)-tari\.(\d+)-set\.(\d+)"$/.exec(ifMatch.trim());
  if (!m) {
    throw new HttpError(412, 'stale_version', 'If-Match non corrisponde a una versione delle aliquote: ricaricare');
  }
  const v = (s: string) => (s === '0' ? null : Number(s));
  return { imu: v(m[1]!), tari: v(m[2]!), settings: v(m[3]!) };
}

/** The CSV's entries through the JSON import's schema; a refusal names the year and the voce. */
function validCsvEntries(entries: { year: number }[]) {
  const parsed = RatesImport.safeParse(entries);
  if (parsed.success) return parsed.data;
  throw unprocessable(
    'Aliquote non valide',
    parsed.error.issues.map((i) => ({
      path: [entries[Number(i.path[0])]?.year, ...i.path.slice(1)].join('.'),
      message: i.message,
    })),
  );
}

const view = (comune: string, year: number, r: YearRates) => ({
  comune,
  year,
  imu: r.imu,
  tari: r.tari,
  building_land: r.building_land,
  interest_spread: r.interest_spread,
});

export function ratesRoutes({ store }: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/tax/rates/:comune/:year', async (c) => {
    const { comune } = scope(c);
    const year = yearParam(c.req.param('year'));
    const rates = await store.taxRates.yearRates(comune, year);
    c.header('ETag', etagOf(rates));
    c.header('Cache-Control', 'private, no-store');
    return c.json(view(comune, year, rates));
  });
  app.put('/tax/rates/:comune/:year', async (c) => {
    const { user, comune } = scope(c);
    const year = yearParam(c.req.param('year'));
    const ifMatch = requireIfMatch(c, 'delle aliquote lette');
    const read = readVersions(ifMatch);
    checkIfMatch(ifMatch, etagOf(await store.taxRates.yearRates(comune, year)), STALE_RATES);
    const patch = await readJson(c, YearRatesPut);
    const rates = await store.taxRates.putYearRates(user, comune, year, patch, read);
    c.header('ETag', etagOf(rates));
    return c.json(view(comune, year, rates));
  });
  app.post('/tax/rates/:comune/import', async (c) => {
    const { user, comune } = scope(c);
    const csv = /^text\/csv\b/i.test(c.req.header('content-type') ?? '');
    const entries = csv ? validCsvEntries(ratesFromCsv(await c.req.text())) : await readJson(c, RatesImport);
    const years = await store.taxRates.importRates(user, comune, entries);
    return c.json({ comune, imported: entries.map((e, i) => view(comune, e.year, years[i]!)) });
  });
  return app;
}
