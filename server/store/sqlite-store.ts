import type { Db } from '../db/open.ts';
import { readTransaction } from '../db/transaction.ts';
import { sqliteAuditStore } from './sqlite/audit.ts';
import { sqliteBuildings } from './sqlite/buildings.ts';
import { logExport } from './sqlite/export-log.ts';
import { sqliteJobs } from './sqlite/jobs.ts';
import { sqliteLoginThrottle } from './sqlite/login-throttle.ts';
import { meComuni } from './sqlite/me-view.ts';
import { logPersonalRead } from './sqlite/read-log.ts';
import { search } from './sqlite/search.ts';
import { login, logout, userForToken } from './sqlite/sessions.ts';
import { sqliteTaxFacts } from './sqlite/tax-facts.ts';
import { sqliteTaxRates } from './sqlite/tax-rates.ts';
import { sqliteTileChangeFeed } from './sqlite/tile-changes.ts';
import { tileFeatures } from './sqlite/tiles.ts';
import { createUser, grantComuni } from './sqlite/users.ts';
import type { Store } from './store.ts';

export function sqliteStore(db: Db): Store {
  const taxRates = sqliteTaxRates(db);
  const taxFacts = sqliteTaxFacts(db);
  return {
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    withComuni: (_scope, work) => work(),
    comuni: {
      exists: async (code) => db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(code) !== undefined,
      list: async () =>
        db.prepare('SELECT code, name FROM comuni ORDER BY code').all() as { code: string; name: string }[],
    },
    users: {
      create: async (u) => createUser(db, u),
      grantComuni: async (username, comuni) => grantComuni(db, username, comuni),
      existing: async (usernames) =>
        (
          db
            .prepare('SELECT username FROM users WHERE username IN (SELECT value FROM json_each(?))')
            .all(JSON.stringify(usernames)) as { username: string }[]
        ).map((r) => r.username),
    },
    readLog: {
      record: (user, entity, entityId, what) => logPersonalRead(db, user, entity, entityId, what),
      export: (e) => logExport(db, e),
    },
    jobs: sqliteJobs(db),
    sessions: {
      login: (username, password) => login(db, username, password),
      userForToken: async (token) => userForToken(db, token),
      logout: async (token) => logout(db, token),
      meComuni: async (user) => meComuni(db, user),
    },
    loginThrottle: sqliteLoginThrottle(db),
    buildings: sqliteBuildings(db),
    taxRates,
    audit: sqliteAuditStore(db),
    taxFacts,
    tileFeatures: async (source, z, x, y, comuni) => tileFeatures(db, source, z, x, y, comuni),
    tileChanges: sqliteTileChangeFeed(db),
    search: async (comuni, q) => readTransaction(db, () => search(db, comuni, q)),
  };
}
