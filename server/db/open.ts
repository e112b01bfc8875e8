import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrate.ts';

export { transaction } from './transaction.ts';

export type Db = DatabaseSync;

/** Opens (creating if needed) the database file with the settings edigit relies on, and migrates it. */
export function openDatabase(path: string): Db {
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    PRAGMA foreign_keys = ON;
    PRAGMA busy_timeout = 5000;
    PRAGMA cache_size = -131072;
    PRAGMA temp_store = MEMORY;`);
  migrate(db);
  return db;
}
