import { type RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';
import type { Db } from '../../db/open.ts';
import type { LoginThrottle, LoginVerdict } from '../login-throttle.ts';

/** Five wrong passwords in 15 minutes lock the account; every further lock within a day doubles. */
export const ACCOUNT_FAILURES = 5;
const WINDOW_S = 15 * 60;
const FIRST_LOCK_S = 15 * 60,
  MAX_LOCK_S = 24 * 3600;
/** One address guessing across many accounts: a wider allowance (an office behind one NAT), per 15 minutes. */
const ADDRESS_FAILURES = 30;

export function sqliteLoginThrottle(db: Db): LoginThrottle {
  // rate-limiter-flexible speaks better-sqlite3; node:sqlite has the same prepare/get/run but no transaction().
  // What it wraps is one UPSERT … RETURNING statement, atomic by itself: no BEGIN that could nest in another's.
  const storeClient = { prepare: (sql: string) => db.prepare(sql), transaction: <T>(work: () => T) => work };
  const base = { storeClient, storeType: 'better-sqlite3', tableName: 'login_throttle', tableCreated: true };
  const limiter = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterSQLite({ ...base, keyPrefix, points, duration });
  const accounts = limiter('account', ACCOUNT_FAILURES, WINDOW_S);
  const locks = limiter('locks', 1000, MAX_LOCK_S);
  const addresses = limiter('address', ADDRESS_FAILURES, WINDOW_S);
  const account = (username: string) => username.trim().toLowerCase();
  const address = (a: string | null) => a ?? 'sconosciuto';
  const verdict = (acc: RateLimiterRes | null, adr: RateLimiterRes | null): LoginVerdict => {
    const waits = [
      acc && acc.consumedPoints >= ACCOUNT_FAILURES ? acc.msBeforeNext : 0,
      adr && adr.consumedPoints >= ADDRESS_FAILURES ? adr.msBeforeNext : 0,
    ];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  };
  return {
    async check(username, addr) {
      return verdict(await accounts.get(account(username)), await addresses.get(address(addr)));
    },
    async failed(username, addr) {
      const key = account(username);
      let acc = await accounts.penalty(key);
      const adr = await addresses.penalty(address(addr));
      if (acc.consumedPoints === ACCOUNT_FAILURES) {
        const n = (await locks.penalty(key)).consumedPoints;
        acc = await accounts.block(key, Math.min(MAX_LOCK_S, FIRST_LOCK_S * 2 ** (n - 1)));
      }
      return verdict(acc, adr);
    },
    async succeeded(username) {
      await accounts.delete(account(username));
      await locks.delete(account(username));
    },
    async unlock(username) {
      const was = await accounts.get(account(username));
      await accounts.delete(account(username));
      await locks.delete(account(username));
      return was !== null && was.consumedPoints >= ACCOUNT_FAILURES;
    },
  };
}
