import { type RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';
import type { Db } from '../../db/open.ts';
import type { LoginThrottle, LoginVerdict } from '../login-throttle.ts';
import { prepared } from './prepared.ts';

/**
 * Five wrong passwords in 15 minutes lock the account; every further lock within a day doubles. Before the lock,
 * each failure from the second on makes the account wait longer for its next try (2, 4, 8 s): a guesser gets a
 * handful of tries a minute, a user who mistyped barely notices.
 */
export const ACCOUNT_FAILURES = 5;
const pauseAfter = (failures: number) => (failures >= 2 ? 2 ** (failures - 1) : 0);
const WINDOW_S = 15 * 60;
const FIRST_LOCK_S = 15 * 60,
  MAX_LOCK_S = 24 * 3600;
/** One address guessing across many accounts: a wider allowance (an office behind one NAT), per 15 minutes. */
const ADDRESS_FAILURES = 30;

export function sqliteLoginThrottle(db: Db): LoginThrottle {
  // rate-limiter-flexible speaks better-sqlite3; node:sqlite has the same prepare/get/run but no transaction().
  // What it wraps is one UPSERT … RETURNING statement, atomic by itself: no BEGIN that could nest in another's.
  // Its statements are prepared once per connection: a flood of logins compiled the same SQL for every try.
  const storeClient = { prepare: (sql: string) => prepared(db, sql), transaction: <T>(work: () => T) => work };
  const base = { storeClient, storeType: 'better-sqlite3', tableName: 'login_throttle', tableCreated: true };
  const limiter = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterSQLite({ ...base, keyPrefix, points, duration });
  const accounts = limiter('account', ACCOUNT_FAILURES, WINDOW_S);
  const locks = limiter('locks', 1000, MAX_LOCK_S);
  const pauses = limiter('pause', 1, WINDOW_S);
  const addresses = limiter('address', ADDRESS_FAILURES, WINDOW_S);
  const account = (username: string) => username.trim().toLowerCase();
  const address = (a: string | null) => a ?? 'sconosciuto';
  const verdict = (
    acc: RateLimiterRes | null,
    adr: RateLimiterRes | null,
    pause: RateLimiterRes | null,
  ): LoginVerdict => {
    const waits = [
      acc && acc.consumedPoints >= ACCOUNT_FAILURES ? acc.msBeforeNext : 0,
      adr && adr.consumedPoints >= ADDRESS_FAILURES ? adr.msBeforeNext : 0,
      pause && pause.consumedPoints > 1 ? pause.msBeforeNext : 0,
    ];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  };
  const forget = async (key: string) => {
    await accounts.delete(key);
    await locks.delete(key);
    await pauses.delete(key);
  };
  return {
    async check(username, addr) {
      const key = account(username);
      return verdict(await accounts.get(key), await addresses.get(address(addr)), await pauses.get(key));
    },
    async failed(username, addr) {
      const key = account(username);
      let acc = await accounts.penalty(key);
      const adr = await addresses.penalty(address(addr));
      let pause: RateLimiterRes | null = null;
      if (acc.consumedPoints === ACCOUNT_FAILURES) {
        const n = (await locks.penalty(key)).consumedPoints;
        acc = await accounts.block(key, Math.min(MAX_LOCK_S, FIRST_LOCK_S * 2 ** (n - 1)));
      } else if (pauseAfter(acc.consumedPoints) > 0) {
        pause = await pauses.block(key, pauseAfter(acc.consumedPoints));
      }
      return verdict(acc, adr, pause);
    },
    async succeeded(username) {
      await forget(account(username));
    },
    async unlock(username) {
      const was = await accounts.get(account(username));
      await forget(account(username));
      return was !== null && was.consumedPoints >= ACCOUNT_FAILURES;
    },
  };
}
