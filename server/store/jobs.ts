// Background jobs (exports, imports): status and progress kept in the store so that any request, in any web
// process, can follow them.

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

export interface JobUpdate {
  status?: JobStatus;
  progress?: number;
  result?: unknown;
  error?: string;
  file?: string;
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

export interface JobRepository {
  create(j: { kind: Job['kind']; userId: number; username: string; comune: string; params: unknown }): Promise<string>;
  get(id: string): Promise<Job | null>;
  update(id: string, u: JobUpdate): Promise<void>;
  /**
   * Writes of a job running in the background (its progress, its last word): they never reject, as nobody awaits
   * them (a rejection there would end the server; issue 8: a progress write killed it during a big import).
   * Failing to write is logged; a restart settles the job.
   */
  settle(id: string, u: JobUpdate): Promise<void>;
  /** At start-up: jobs left running by a previous process will never finish; say so. Returns how many. */
  failInterrupted(): Promise<number>;
}
