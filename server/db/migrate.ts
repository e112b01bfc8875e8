import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { transaction } from './transaction.ts';

const DIR = join(import.meta.dirname, 'migrations');

/** Applies the numbered migrations (NNN_name.sql) not yet applied, each in its own transaction. */
export function migrate(db: DatabaseSync): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const applied: number[] = [];
  for (const file of readdirSync(DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()) {
    const version = Number(file.slice(0, 3));
    if (done.has(version)) continue;
    try {
      transaction(db, () => {
        db.exec(readFileSync(join(DIR, file), 'utf8'));
        db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(version, new Date().toISOString());
      });
    } catch (e) {
      throw new Error(`migrazione ${file} fallita: ${(e as Error).message}`);
    }
    applied.push(version);
  }
  return applied;
}
