/** Whether a login may be tried now, and for how long it may not. */
export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Failed-login counters per account and per client address (login-throttle policy in the implementation).
 * Unknown usernames are counted like real ones, so the answers reveal nothing about which accounts exist.
 */
export interface LoginThrottle {
  check(username: string, address: string | null): Promise<LoginVerdict>;
  /** Counts a failure; the verdict for the next attempt. */
  failed(username: string, address: string | null): Promise<LoginVerdict>;
  succeeded(username: string): Promise<void>;
  /** Lifts an account's lock (admin, `edigit user unlock`); false when it was not locked. */
  unlock(username: string): Promise<boolean>;
}
