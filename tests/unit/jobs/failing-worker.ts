// A worker for run-in-worker.test.ts: fails the way workerData says.
import { parentPort, workerData } from 'node:worker_threads';

const { how } = workerData as { how: 'raw' | 'expected' | 'memory' | 'exit' | 'hang' };
if (how === 'raw') {
  parentPort!.postMessage({
    type: 'error',
    message: 'SQLITE_CORRUPT: database disk image is malformed',
    expected: false,
  });
} else if (how === 'expected') {
  parentPort!.postMessage({ type: 'error', message: 'riga 6: coordinate non numeriche', expected: true });
} else if (how === 'memory') {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
} else if (how === 'hang') {
  setInterval(() => {}, 1000);
} else process.exit(3);
