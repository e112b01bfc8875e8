import { RateLimiterSQLite } from 'rate-limiter-flexible';
import type { Db } from '../../db/open.ts';
import type { LoginThrottle } from '../login-throttle.ts';
import { loginThrottleOver } from '../login-throttle-policy.ts';
import { prepared } from './prepared.ts';

/** The login throttle (policy in login-throttle-policy.ts) over the activity database's login_throttle table. */
export function sqliteLoginThrottle(db: Db): LoginThrottle {
  // rate-limiter-flexible speaks better-sqlite3; node:sqlite has the same prepare/get/run but no transaction().
  // What it wraps is one UPSERT … RETURNING statement, atomic by itself: no BEGIN that could nest in another's.
  // Its statements are prepared once per connection: a flood of logins compiled the same SQL for every try.
  const storeClient = { prepare: (sql: string) => prepared(db, sql), transaction: <T>(work: () => T) => work };
  const base = { storeClient, storeType: 'better-sqlite3', tableName: 'login_throttle', tableCreated: true };
  return loginThrottleOver(
    (keyPrefix, points, duration) => new RateLimiterSQLite({ ...base, keyPrefix, points, duration }),
  );
}
