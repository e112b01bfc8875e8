// The jobs this process is running, so that their owner can stop them (DELETE /api/jobs/{id}).
const running = new Map<string, AbortController>();

/** Registers a job as running; its signal stops the worker. */
export function jobStarted(id: string): AbortSignal {
  const controller = new AbortController();
  running.set(id, controller);
  return controller.signal;
}

export function jobEnded(id: string): void {
  running.delete(id);
}

/** Stops a running job; false when this process runs no such job. */
export function cancelJob(id: string): boolean {
  const controller = running.get(id);
  if (!controller) return false;
  controller.abort();
  return true;
}
