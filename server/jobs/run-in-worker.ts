// Runs long work (exports, imports) in a worker thread with its own database connection, so the
// server keeps answering and the work reads one consistent snapshot.
import { type ResourceLimits, Worker } from 'node:worker_threads';

export type WorkerMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; result: unknown } | { type: 'error'; message: string; expected: boolean };

export function runInWorker(module: URL, data: unknown, onProgress: (done: number, total: number) => void,
  resourceLimits?: ResourceLimits): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(module, { workerData: data, ...(resourceLimits ? { resourceLimits } : {}) });
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress(m.done, m.total);
      else if (m.type === 'done') { settled = true; resolve(m.result); }
      else { settled = true; reject(Object.assign(new Error(m.message), { expected: m.expected })); }
    });
    worker.on('error', (e) => { if (!settled) { settled = true; reject(e); } });
    worker.on('exit', (code) => { if (!settled) reject(new Error(`il processo di lavoro è terminato (codice ${code})`)); });
  });
}
