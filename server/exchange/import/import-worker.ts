// Worker thread entry: one import with its own connection (its transaction does not block the server's reads).
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../../jobs/run-in-worker.ts';
import { ImportRefused } from './apply.ts';
import { CxfError } from './cxf.ts';
import { FormatError } from './formats.ts';
import { type ImportRequest, runImport } from './run-import.ts';

const { dbPath, request } = workerData as { dbPath: string; request: ImportRequest };
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const db = new DatabaseSync(dbPath);
db.exec('PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;');
try {
  post({ type: 'done', result: runImport(db, request, (done, total) => post({ type: 'progress', done, total })) });
} catch (e) {
  if (e instanceof ImportRefused) post({ type: 'done', result: e.report });
  else
    post({ type: 'error', message: (e as Error).message, expected: e instanceof FormatError || e instanceof CxfError });
} finally {
  db.close();
}
