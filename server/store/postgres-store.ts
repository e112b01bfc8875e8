// The PostgreSQL/PostGIS engine behind the same boundary as sqlite-store.ts. `pool` should be a scoped pool
// (postgres/scoped-pool.ts): its connections run as edigit_app under row-level security, within the comuni of
// the work at hand.
import { pgAuditStore } from './postgres/audit.ts';
import { pgBuildings } from './postgres/buildings.ts';
import { pgComuni, pgPing } from './postgres/comuni.ts';
import { pgJobs } from './postgres/jobs.ts';
import { pgLoginThrottle } from './postgres/login-throttle.ts';
import { pgTileMvt } from './postgres/mvt.ts';
import type { PgPool } from './postgres/open.ts';
import { pgReadLog } from './postgres/read-log.ts';
import { withComuni } from './postgres/scoped-pool.ts';
import { pgSearch } from './postgres/search.ts';
import { pgSessions } from './postgres/sessions.ts';
import { pgTaxFacts } from './postgres/tax-facts.ts';
import { pgTaxRates } from './postgres/tax-rates.ts';
import { type PgTileChangeFeed, pgTileChangeFeed } from './postgres/tile-changes.ts';
import { pgTileFeatures } from './postgres/tiles.ts';
import { pgUsers } from './postgres/users.ts';
import type { Store } from './store.ts';

/** The store, and close() for its pool and the connection that listens for the map's changes. */
export async function postgresStore(pool: PgPool): Promise<{ store: Store; close(): Promise<void> }> {
  const tileChanges: PgTileChangeFeed = await pgTileChangeFeed(pool);
  const store: Store = {
    ping: () => pgPing(pool),
    withComuni,
    comuni: pgComuni(pool),
    users: pgUsers(pool),
    readLog: pgReadLog(pool),
    jobs: pgJobs(pool),
    sessions: pgSessions(pool),
    loginThrottle: pgLoginThrottle(pool),
    buildings: pgBuildings(pool),
    taxRates: pgTaxRates(pool),
    audit: pgAuditStore(pool),
    taxFacts: pgTaxFacts(pool),
    tileFeatures: pgTileFeatures(pool),
    tileMvt: (source, z, x, y, comuni, name) => pgTileMvt(pool, source, z, x, y, comuni, name),
    tileChanges,
    search: pgSearch(pool),
  };
  return {
    store,
    async close() {
      await tileChanges.close();
      await pool.end();
    },
  };
}
