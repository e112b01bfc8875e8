// The login throttle's policy, one for every engine: each engine only says where the counters live (a limiter of
// rate-limiter-flexible over its own table), this module decides what the counts mean.
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { LoginThrottle, LoginVerdict } from './login-throttle.ts';

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

/** A limiter of `points` per `duration` seconds, its keys prefixed with `keyPrefix`, in the engine's table. */
export type LimiterOf = (keyPrefix: string, points: number, duration: number) => RateLimiterAbstract;

export function loginThrottleOver(limiter: LimiterOf): LoginThrottle {
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
