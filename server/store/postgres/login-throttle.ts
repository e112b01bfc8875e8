import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { LoginThrottle } from '../login-throttle.ts';
import { loginThrottleOver } from '../login-throttle-policy.ts';
import type { PgPool } from './open.ts';

/** The login throttle (policy in login-throttle-policy.ts) over the login_throttle table (migration 017). */
export function pgLoginThrottle(pool: PgPool): LoginThrottle {
  // The table is the migration's: the limiter neither creates it nor runs its hourly clean-up timer (expired rows
  // are overwritten by the next failure of the same key, as in SQLite).
  const base = { storeClient: pool, storeType: 'pool', tableName: 'login_throttle', tableCreated: true };
  return loginThrottleOver(
    (keyPrefix, points, duration) =>
      new RateLimiterPostgres({ ...base, keyPrefix, points, duration, clearExpiredByTimeout: false }),
  );
}
