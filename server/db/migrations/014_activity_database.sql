-- Sessions, login throttling, the read log and jobs move to the activity database (server/db/activity.ts),
-- attached as `activity` with its tables created before the migrations run: their rows go with them.
INSERT OR IGNORE INTO activity.sessions SELECT token_hash, user_id, expires_at FROM main.sessions;
DROP TABLE main.sessions;
INSERT OR IGNORE INTO activity.login_throttle SELECT key, points, expire FROM main.login_throttle;
DROP TABLE main.login_throttle;
INSERT OR IGNORE INTO activity.personal_data_reads
  SELECT id, user_id, username, at, entity, entity_id, what FROM main.personal_data_reads;
DROP TABLE main.personal_data_reads;
INSERT OR IGNORE INTO activity.jobs SELECT id, kind, user_id, username, comune, status, progress, params, result,
  error, file, created_at, finished_at FROM main.jobs;
DROP TABLE main.jobs;
