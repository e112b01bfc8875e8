// Runs long work (exports, imports, audits) in a worker thread with its own database connection, so the
// server keeps answering and the work reads one consistent snapshot.
import { type ResourceLimits, Worker } from 'node:worker_threads';

/** `expected`: a failure the user can act on (a malformed file), whose message is written for them. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: unknown }
  | { type: 'error'; message: string; expected: boolean };

/**
 * A job's failure as its user reads it: the work's own message when the failure was expected, otherwise an
 * Italian one. A raw SQLite or JavaScript message goes only to the server's log, never into a job's `error`.
 */
export class JobError extends Error {}

const INTERNAL = "errore interno durante l'elaborazione: riprovare; se si ripete, avvisare l'amministratore";
const OUT_OF_MEMORY = "memoria insufficiente per l'elaborazione: ridurre il file o l'area";

export function runInWorker(
  module: URL,
  data: unknown,
  onProgress: (done: number, total: number) => void,
  resourceLimits?: ResourceLimits,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(module, { workerData: data, ...(resourceLimits ? { resourceLimits } : {}) });
    let settled = false;
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      if (cause !== undefined) console.error('[edigit] lavoro in background fallito:', cause);
      reject(new JobError(message));
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress(m.done, m.total);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.result);
      } else if (m.expected) fail(m.message);
      else fail(INTERNAL, m.message);
    });
    worker.on('error', (e: Error & { code?: string }) =>
      fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? OUT_OF_MEMORY : INTERNAL, e),
    );
    worker.on('exit', (code) => fail(INTERNAL, `il processo di lavoro è terminato (codice ${code})`));
  });
}

/** What a job's `error` may say of a failure: a JobError's message, never a raw one. */
export function jobErrorMessage(e: unknown): string {
  if (e instanceof JobError) return e.message;
  console.error('[edigit] lavoro in background fallito:', e);
  return INTERNAL;
}
