import { type GenerateSummary, generateComune } from '../../fixtures/generator/generate.ts';
import {
  DEMO_IMU_DELIBERE,
  DEMO_INTEREST_SPREAD,
  DEMO_TARI_TARIFFS,
  DEMO_YEARS,
  demoBuildingLandValue,
} from '../../fixtures/rates.ts';
import { type Db, transaction } from '../db/open.ts';
import { SqliteSink } from '../db/sqlite-sink.ts';
import type { Role } from '../domain/users/user.ts';
import { seedTaxRates, type TaxRatesSeed } from '../store/sqlite/tax-rates.ts';
import { createUser } from '../store/sqlite/users.ts';

/** Generates one comune into the database, all or nothing. */
export function seedComune(
  db: Db,
  opts: { comune: string; parcels: number; seed: number | string; anomalyRate?: number },
): GenerateSummary {
  const exists = db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(opts.comune);
  if (exists) throw new Error(`il comune ${opts.comune} è già presente nel database`);
  return transaction(db, () => {
    const summary = generateComune(opts, new SqliteSink(db));
    seedTaxRates(db, demoRates(opts.comune));
    return summary;
  });
}

const ZONES = ['A', 'B', 'C', 'D'];

/** The demo rates of fixtures/rates.ts for a comune that has them (E617, C566); nothing for other comuni. */
function demoRates(comune: string): TaxRatesSeed {
  const delibere = DEMO_IMU_DELIBERE.filter((d) => d.comune === comune);
  if (delibere.length === 0) return { delibere, tariffs: [], landValues: [], spreads: {} };
  const landValues = DEMO_YEARS.flatMap((year) =>
    ZONES.map((zone) => ({ comune, zone, year, eur_per_m2: demoBuildingLandValue(comune, zone, year)! })),
  );
  return {
    delibere,
    tariffs: DEMO_TARI_TARIFFS.filter((t) => t.comune === comune),
    landValues,
    spreads: { [comune]: DEMO_INTEREST_SPREAD[comune] ?? 0 },
  };
}

export const DEMO_USERS: { username: string; password: string; role: Role; comuni: string[]; what: string }[] = [
  {
    username: 'admin',
    password: 'admin-demo',
    role: 'admin',
    comuni: ['E617', 'C566'],
    what: 'amministratore (tutti i comuni)',
  },
  {
    username: 'urbanista',
    password: 'urbanista-demo',
    role: 'urbanista',
    comuni: ['E617'],
    what: 'tecnico urbanistica di Lissone',
  },
  {
    username: 'tributi',
    password: 'tributi-demo',
    role: 'tributi',
    comuni: ['E617'],
    what: 'ufficio tributi di Lissone',
  },
  {
    username: 'consultazione',
    password: 'consultazione-demo',
    role: 'consultazione',
    comuni: ['E617'],
    what: 'sola consultazione, Lissone',
  },
  {
    username: 'cesano',
    password: 'cesano-demo',
    role: 'urbanista',
    comuni: ['C566'],
    what: 'tecnico urbanistica di Cesano Maderno',
  },
];

/** The demo that `npm start` creates: Lissone in full, a small Cesano Maderno, one user per role. */
export function seedDemo(db: Db, opts: { parcels?: number; seed?: number | string } = {}): void {
  const seed = opts.seed ?? 1;
  seedComune(db, { comune: 'E617', parcels: opts.parcels ?? 4000, seed });
  seedComune(db, { comune: 'C566', parcels: Math.max(100, Math.round((opts.parcels ?? 4000) / 10)), seed });
  for (const u of DEMO_USERS) createUser(db, u);
}
