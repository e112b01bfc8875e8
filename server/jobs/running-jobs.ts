// The jobs this process is running, so that their owner can stop them (DELETE /api/jobs/{id}). With several
// web processes (main.ts) the request may reach another one than the job's: the cancel then goes through the
// starting process to all of them, and the one running the job stops it.
import cluster from 'node:cluster';

const running = new Map<string, AbortController>();

export const CANCEL_MESSAGE = 'edigit:cancel-job';

export interface CancelMessage {
  type: typeof CANCEL_MESSAGE;
  id: string;
}

export const isCancelMessage = (m: unknown): m is CancelMessage =>
  typeof m === 'object' && m !== null && (m as CancelMessage).type === CANCEL_MESSAGE;

/** Registers a job as running; its signal stops the worker. */
export function jobStarted(id: string): AbortSignal {
  const controller = new AbortController();
  running.set(id, controller);
  return controller.signal;
}

export function jobEnded(id: string): void {
  running.delete(id);
}

/** Stops the job if this process runs it. */
export function stopLocalJob(id: string): boolean {
  const controller = running.get(id);
  if (!controller) return false;
  controller.abort();
  return true;
}

/**
 * Stops a job the database says is running: here, or in the web process that runs it. False when no process
 * can run it (a single process that does not).
 */
export function cancelJob(id: string): boolean {
  if (stopLocalJob(id)) return true;
  if (!cluster.isWorker || !process.send) return false;
  process.send({ type: CANCEL_MESSAGE, id } satisfies CancelMessage);
  return true;
}
