// What every import path shares: the audit line in import_log, and a transaction that a dry run rolls back.
import type { DatabaseSync } from 'node:sqlite';
import { transaction } from '../../db/transaction.ts';
import type { ImportReport } from './apply.ts';

/**
 * Writes the import's line; its id is the import id that the history of the changes refers to. An applied
 * import writes it in its own transaction, so the line exists exactly when the import was committed.
 */
export function logImport(db: DatabaseSync, username: string, report: ImportReport, jobId?: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO import_log (username, format, comune, file, dry_run, outcome, report, job_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        username,
        report.format,
        report.comune,
        report.file,
        report.dryRun ? 1 : 0,
        report.outcome,
        JSON.stringify(report),
        jobId ?? null,
      ).lastInsertRowid,
  );
}

/** The final report of an import whose line was written when it started (in the same transaction). */
export function finishImportLog(db: DatabaseSync, id: number, report: ImportReport): void {
  db.prepare('UPDATE import_log SET outcome = ?, report = ? WHERE id = ?').run(
    report.outcome,
    JSON.stringify(report),
    id,
  );
}

class DryRunRollback extends Error {}

/** Runs `work` in one transaction; a dry run does all the work and then rolls it back. */
export function transactionOrDryRun(db: DatabaseSync, dryRun: boolean, work: () => void): void {
  try {
    transaction(db, () => {
      work();
      if (dryRun) throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
}
