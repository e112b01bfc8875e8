-- Failed-login counters of rate-limiter-flexible (RateLimiterSQLite's own layout): per account, per client
-- address, and how often an account was locked (the lock grows). In the database, not in memory, so that
-- `edigit user unlock` (another process) can lift a lock and a restart does not reset an attack.
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire INTEGER
);
