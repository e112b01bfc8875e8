// Worker thread entry: the audit rules over some of a run's years, with the worker's own connection.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open.ts';
import type { WorkerMessage } from '../jobs/run-in-worker.ts';
import type { AuditRun } from '../store/audit.ts';
import { sqliteStore } from '../store/sqlite-store.ts';
import { runYears } from './run-audit.ts';

const { dbPath, run, years } = workerData as { dbPath: string; run: AuditRun; years: number[] };
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const db = openDatabase(dbPath, { activity: false });
try {
  const result = await runYears(sqliteStore(db), run, years, (done, total) => post({ type: 'progress', done, total }));
  post({ type: 'done', result });
} catch (e) {
  post({ type: 'error', message: (e as Error).message, expected: false });
} finally {
  db.close();
}
