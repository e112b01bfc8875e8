// What every import path shares: the audit line in import_log, and a transaction that a dry run rolls back.
import type { DatabaseSync } from 'node:sqlite';
import { transaction } from '../../db/transaction.ts';
import type { ImportReport } from './apply.ts';

export function logImport(db: DatabaseSync, username: string, report: ImportReport): void {
  db.prepare('INSERT INTO import_log (username, format, comune, file, dry_run, outcome, report) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(username, report.format, report.comune, report.file, report.dryRun ? 1 : 0, report.outcome, JSON.stringify(report));
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
