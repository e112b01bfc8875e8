// Worker thread entry: one export with its own read connection.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../../jobs/run-in-worker.ts';
import { ExportError, type ExportOptions, runExport } from './run-export.ts';

const { dbPath, options, out } = workerData as { dbPath: string; options: ExportOptions; out: string };
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const db = new DatabaseSync(dbPath);
db.exec('PRAGMA busy_timeout = 5000');
try {
  const result = runExport(db, options, out, (done, total) => post({ type: 'progress', done, total }));
  post({ type: 'done', result });
} catch (e) {
  post({ type: 'error', message: (e as Error).message, expected: e instanceof ExportError });
} finally {
  db.close();
}
