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
