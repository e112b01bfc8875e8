import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { Job, JobRepository, JobUpdate } from '../jobs.ts';
import { interruptedJobUpdate, type JobRow, toJob } from '../shared/job-rows.ts';
import { json } from '../shared/json-column.ts';
import { updateTask } from './task-update.ts';

const update = (db: DatabaseSync, id: string, u: JobUpdate) =>
  updateTask(db, 'jobs', id, { ...u, result: json(u.result) });

export function sqliteJobs(db: DatabaseSync): JobRepository {
  return {
    async create(j) {
      const id = randomUUID();
      db.prepare(
        "INSERT INTO jobs (id, kind, user_id, username, comune, status, params) VALUES (?, ?, ?, ?, ?, 'queued', ?)",
      ).run(id, j.kind, j.userId, j.username, j.comune, JSON.stringify(j.params));
      return id;
    },

    async get(id) {
      const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
      return row ? toJob(row) : null;
    },

    async update(id, u) {
      update(db, id, u);
    },

    async settle(id, u) {
      try {
        update(db, id, u);
      } catch (e) {
        console.error(`[edigit] stato del lavoro ${id} non registrato:`, e);
      }
    },

    async failInterrupted() {
      const left = db.prepare("SELECT id, kind FROM jobs WHERE status IN ('queued', 'running')").all() as {
        id: string;
        kind: Job['kind'];
      }[];
      // An import writes its log line in its own transaction: the line is there exactly when it was committed.
      const committed = db.prepare(
        `SELECT report FROM import_log WHERE job_id = ? AND dry_run = 0 AND outcome = 'applied'
          ORDER BY id DESC LIMIT 1`,
      );
      for (const job of left) {
        const line = job.kind === 'import' ? (committed.get(job.id) as { report: string } | undefined) : undefined;
        update(db, job.id, interruptedJobUpdate(job.kind, line?.report));
      }
      return left.length;
    },
  };
}
