// Background jobs on PostgreSQL (the reference: sqlite/jobs.ts): any app server can follow any job.
import { randomUUID } from 'node:crypto';
import type { Job, JobRepository, JobUpdate } from '../jobs.ts';
import { interruptedJobUpdate, type JobRow, toJob } from '../shared/job-rows.ts';
import { json } from '../shared/json-column.ts';
import type { PgPool } from './open.ts';
import { withComuni } from './scoped-pool.ts';
import { updateTask } from './task-update.ts';

const update = (pool: PgPool, id: string, u: JobUpdate) =>
  updateTask(pool, 'jobs', id, { ...u, result: json(u.result) });

export function pgJobs(pool: PgPool): JobRepository {
  return {
    async create(j) {
      const id = randomUUID();
      await pool.query(
        `INSERT INTO jobs (id, kind, user_id, username, comune, status, params)
          VALUES ($1, $2, $3, $4, $5, 'queued', $6)`,
        [id, j.kind, j.userId, j.username, j.comune, JSON.stringify(j.params)],
      );
      return id;
    },

    async get(id) {
      const { rows } = await pool.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
      const row = rows[0];
      return row ? toJob(row) : null;
    },

    async update(id, u) {
      await update(pool, id, u);
    },

    async settle(id, u) {
      try {
        await update(pool, id, u);
      } catch (e) {
        console.error(`[edigit] stato del lavoro ${id} non registrato:`, e);
      }
    },

    // At start-up, for every comune: the import log it reads is scoped by comune (row-level security).
    failInterrupted: () =>
      withComuni('all', async () => {
        const { rows: left } = await pool.query<{ id: string; kind: Job['kind'] }>(
          "SELECT id, kind FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id",
        );
        for (const job of left) {
          // An import writes its log line in its own transaction: the line is there exactly when it was committed.
          const line =
            job.kind === 'import'
              ? (
                  await pool.query<{ report: string }>(
                    `SELECT report FROM import_log WHERE job_id = $1 AND dry_run = 0 AND outcome = 'applied'
                      ORDER BY id DESC LIMIT 1`,
                    [job.id],
                  )
                ).rows[0]
              : undefined;
          await update(pool, job.id, interruptedJobUpdate(job.kind, line?.report));
        }
        return left.length;
      }),
  };
}
