// Background jobs (exports, imports): status and progress kept in the database so any request can read them.
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export interface Job {
  id: string;
  kind: 'export' | 'import';
  username: string;
  user_id: number;
  comune: string;
  status: JobStatus;
  progress: number;
  params: unknown;
  result: unknown;
  error: string | null;
  file: string | null;
  created_at: string;
  finished_at: string | null;
}

/** What the API shows of any job (the owner and the file on disk stay inside). */
export const jobView = (job: Job) => ({
  id: job.id,
  status: job.status,
  progress: job.progress,
  error: job.error,
  params: job.params,
  created_at: job.created_at,
  finished_at: job.finished_at,
});

export function createJob(
  db: DatabaseSync,
  j: { kind: Job['kind']; userId: number; username: string; comune: string; params: unknown },
): string {
  const id = randomUUID();
  db.prepare(
    "INSERT INTO jobs (id, kind, user_id, username, comune, status, params) VALUES (?, ?, ?, ?, ?, 'queued', ?)",
  ).run(id, j.kind, j.userId, j.username, j.comune, JSON.stringify(j.params));
  return id;
}

/**
 * The last word on a job that ran in the background: never throws, as nobody awaits it (an exception here would
 * be an unhandled rejection, ending the process). Failing to write it is logged; a restart settles the job.
 */
export function settleJob(db: DatabaseSync, id: string, u: Parameters<typeof updateJob>[2]): void {
  try {
    updateJob(db, id, u);
  } catch (e) {
    console.error(`[edigit] stato finale del lavoro ${id} non registrato:`, e);
  }
}

export function updateJob(
  db: DatabaseSync,
  id: string,
  u: { status?: JobStatus; progress?: number; result?: unknown; error?: string; file?: string },
): void {
  const sets: string[] = [];
  const values: (string | number | null)[] = [];
  if (u.status) {
    sets.push('status = ?');
    values.push(u.status);
    if (u.status === 'done' || u.status === 'failed') sets.push("finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
  }
  if (u.progress !== undefined) {
    sets.push('progress = ?');
    values.push(u.progress);
  }
  if (u.result !== undefined) {
    sets.push('result = ?');
    values.push(JSON.stringify(u.result));
  }
  if (u.error !== undefined) {
    sets.push('error = ?');
    values.push(u.error);
  }
  if (u.file !== undefined) {
    sets.push('file = ?');
    values.push(u.file);
  }
  db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
}

export function getJob(db: DatabaseSync, id: string): Job | null {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as
    | (Omit<Job, 'params' | 'result'> & { params: string; result: string | null })
    | undefined;
  if (!row) return null;
  return { ...row, params: JSON.parse(row.params), result: row.result === null ? null : JSON.parse(row.result) };
}

/** At start-up: jobs left running by a previous process will never finish; say so. */
export function failInterruptedJobs(db: DatabaseSync): number {
  const left = db.prepare("SELECT id, kind FROM jobs WHERE status IN ('queued', 'running')").all() as {
    id: string;
    kind: Job['kind'];
  }[];
  // An import writes its log line in its own transaction: the line is there exactly when it was committed.
  const committed = db.prepare(
    "SELECT report FROM import_log WHERE job_id = ? AND dry_run = 0 AND outcome = 'applied' ORDER BY id DESC LIMIT 1",
  );
  for (const job of left) {
    const line = job.kind === 'import' ? (committed.get(job.id) as { report: string } | undefined) : undefined;
    if (line) updateJob(db, job.id, { status: 'done', progress: 1, result: JSON.parse(line.report) });
    else {
      updateJob(db, job.id, {
        status: 'failed',
        error:
          job.kind === 'import'
            ? 'interrotta dal riavvio del server prima di concludersi: ' +
              "nessuna modifica salvata, ripetere l'importazione"
            : "interrotta dal riavvio del server: ripetere l'esportazione",
      });
    }
  }
  return left.length;
}
