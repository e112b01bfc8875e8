import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` in one transaction: all of it or none of it. IMMEDIATE takes the write lock of every attached
 * file at once; a transaction that writes the activity database only is DEFERRED, so that it takes that
 * file's lock alone and does not wait for an import writing the register.
 */
export function transaction<T>(db: DatabaseSync, work: () => T, mode: 'IMMEDIATE' | 'DEFERRED' = 'IMMEDIATE'): T {
  db.exec(`BEGIN ${mode}`);
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

/**
 * Runs the reads of `work` on one snapshot: a statement outside a transaction opens and closes its own WAL read
 * transaction (5–7 µs each), a search's half-dozen statements share one (a fifth of a search).
 */
export function readTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work();
  db.exec('BEGIN DEFERRED');
  try {
    return work();
  } finally {
    db.exec('COMMIT');
  }
}
