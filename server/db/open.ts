import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { attachActivity, setAsideActivity } from './activity.ts';
import { migrate } from './migrate.ts';

export { transaction } from './transaction.ts';

export type Db = DatabaseSync;

/**
 * Opens (creating if needed) the database file with the settings edigit relies on, and migrates it. With
 * `activity: false` the activity database (sessions, read log, jobs) is detached once migrated: a connection
 * that holds long write transactions (a seed, an import, an audit worker) must not hold its lock too, as
 * BEGIN IMMEDIATE locks every attached file.
 */
export function openDatabase(path: string, { activity = true }: { activity?: boolean } = {}): Db {
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) {
    const aside = setAsideActivity(path);
    if (aside)
      console.warn(`[edigit] registro nuovo: attività del precedente (sessioni, letture) spostate in ${aside}`);
  }
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    PRAGMA foreign_keys = ON;
    PRAGMA busy_timeout = 5000;
    PRAGMA cache_size = -131072;
    PRAGMA temp_store = MEMORY;`);
  attachActivity(db, path);
  migrate(db);
  if (!activity) db.exec('DETACH DATABASE activity');
  return db;
}
