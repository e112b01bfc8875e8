import { openDatabase } from './server/db/open.ts';
import { sqliteStore } from './server/store/sqlite-store.ts';
const db = openDatabase('/tmp/audit-dev.db');
const s = sqliteStore(db);
for (const y of [2025]) {
  const t0 = performance.now(); let n = 0;
  for await (const h of s.taxFacts.holdings('E617', y)) n++;
  console.log('holdings', y, n, (performance.now() - t0).toFixed(0), 'ms');
}
