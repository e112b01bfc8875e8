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

/** 90 s, 30 min: the configured limit as the job's message names it. */
const duration = (ms: number) =>
  ms < 120_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : `${Math.round(ms / 60_000)} min`;

const INTERNAL = "errore interno durante l'elaborazione: riprovare; se si ripete, avvisare l'amministratore";
const OUT_OF_MEMORY = "memoria insufficiente per l'elaborazione: ridurre il file o l'area";

export interface WorkerOptions {
  /** V8 heap caps: a hostile file ends the job, not the server. */
  resourceLimits?: ResourceLimits;
  /** Wall-clock limit: the worker is stopped and the job fails saying so. */
  timeoutMs?: number;
  /** Its owner's cancel (DELETE /api/jobs/{id}): the worker is stopped. */
  signal?: AbortSignal;
}

/**
 * Runs `module` with `data`. A stopped worker (timeout, cancel, memory) leaves nothing behind: its open
 * transaction dies with its connection, so an import is all or nothing even when stopped halfway.
 */
export function runInWorker(
  module: URL,
  data: unknown,
  onProgress: (done: number, total: number) => void,
  options: WorkerOptions = {},
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(module, {
      workerData: data,
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
    let settled = false;
    const finish = () => {
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      finish();
      if (cause !== undefined) console.error('[edigit] lavoro in background fallito:', cause);
      reject(new JobError(message));
    };
    const stop = (message: string) => {
      fail(message);
      void worker.terminate();
    };
    const timer = options.timeoutMs
      ? setTimeout(
          () =>
            stop(`tempo massimo (${duration(options.timeoutMs!)}) superato: operazione interrotta, nessuna modifica`),
          options.timeoutMs,
        )
      : undefined;
    const onAbort = () => stop("annullata dall'utente: nessuna modifica");
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        // A progress write that fails (the database busy) loses one figure, never the server.
        try {
          onProgress(m.done, m.total);
        } catch (e) {
          console.warn('[edigit] avanzamento non registrato:', (e as Error).message);
        }
      } else if (m.type === 'done') {
        if (settled) return;
        finish();
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
