// Background jobs as both engines store them: the row's JSON columns, and what a job left by a restart becomes.
import type { Job, JobUpdate } from '../jobs.ts';

/** A jobs row as stored: params and result as JSON text. */
export type JobRow = Omit<Job, 'params' | 'result'> & { params: string; result: string | null };

export const toJob = (row: JobRow): Job => ({
  ...row,
  params: JSON.parse(row.params),
  result: row.result === null ? null : JSON.parse(row.result),
});

/**
 * What a job found queued or running at start-up becomes: done with its report when it is an import whose log
 * line (`report`) was committed, failed otherwise.
 */
export function interruptedJobUpdate(kind: Job['kind'], report: string | undefined): JobUpdate {
  if (report !== undefined) return { status: 'done', progress: 1, result: JSON.parse(report) };
  return {
    status: 'failed',
    error:
      kind === 'import'
        ? 'interrotta dal riavvio del server prima di concludersi: ' +
          "nessuna modifica salvata, ripetere l'importazione"
        : "interrotta dal riavvio del server: ripetere l'esportazione",
  };
}
