// The activity database: sessions, login throttling, the personal-data read log and background jobs, in a file
// of their own beside the register, attached to the connection as `activity`. SQLite locks each file apart:
// a long import holding the register's write lock no longer makes logins, tax dossier reads (which append to
// the read log) or job progress wait for it. Unqualified table names resolve to it, so queries need no change.
import { existsSync, renameSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';

/** The activity file of a register file: `edigit.db` → `edigit-activity.db`. */
export function activityPath(dbPath: string): string {
  if (dbPath === ':memory:' || dbPath === '') return dbPath;
  return dbPath.endsWith('.db') ? `${dbPath.slice(0, -3)}-activity.db` : `${dbPath}-activity`;
}

/**
 * A new register must not inherit the sessions and jobs of a removed one (its user ids would match new users):
 * the old activity file is set aside under a dated name, its read log kept, never deleted.
 */
export function setAsideActivity(dbPath: string): string | null {
  const path = activityPath(dbPath);
  if (path === dbPath || !existsSync(path)) return null;
  const aside = path.replace(/(\.db)?$/, `-${new Date().toISOString().replace(/[:.]/g, '-')}$1`);
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  return aside;
}

// No foreign keys to users: SQLite has none across files (a session of a removed user finds no user).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS activity.sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS activity.login_throttle (
  key TEXT PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire INTEGER
);
CREATE TABLE IF NOT EXISTS activity.personal_data_reads (
  id INTEGER PRIMARY KEY,
  user_id INTEGER,
  username TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  what TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS activity.reads_no_update BEFORE UPDATE ON personal_data_reads
  BEGIN SELECT RAISE(ABORT, 'read log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS activity.reads_no_delete BEFORE DELETE ON personal_data_reads
  BEGIN SELECT RAISE(ABORT, 'read log is append-only'); END;
CREATE TABLE IF NOT EXISTS activity.jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('export', 'import')),
  user_id INTEGER,
  username TEXT NOT NULL,
  comune TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress REAL NOT NULL DEFAULT 0,
  params TEXT NOT NULL,
  result TEXT,
  error TEXT,
  file TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT
);`;

/** Attaches (creating if needed) the activity database of `dbPath` as `activity`. */
export function attachActivity(db: DatabaseSync, dbPath: string): void {
  db.prepare('ATTACH DATABASE ? AS activity').run(activityPath(dbPath));
  db.exec(`PRAGMA activity.journal_mode = WAL; PRAGMA activity.synchronous = FULL;${SCHEMA}`);
}
