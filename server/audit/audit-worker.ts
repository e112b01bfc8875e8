// Worker thread entry: the audit rules over some of a run's years, with the worker's own connection.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../jobs/run-in-worker.ts';
import type { AuditRun } from '../store/audit.ts';
import type { EngineRef } from '../store/engine.ts';
import { openAuditStore } from '../store/open-store.ts';
import { runYears } from './run-audit.ts';

const { engine, run, years } = workerData as { engine: EngineRef; run: AuditRun; years: number[] };
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const { store, close } = await openAuditStore(engine);
try {
  const result = await runYears(store, run, years, (done, total) => post({ type: 'progress', done, total }));
  post({ type: 'done', result });
} catch (e) {
  post({ type: 'error', message: (e as Error).message, expected: false });
} finally {
  await close();
}
