// GDPR: every read of personal data is logged with who, when and what. The reads of one turn of the event
// loop are written in one transaction, one WAL sync for all of them (a tax map is a burst of tile reads), and
// each caller awaits its row before answering: nothing personal leaves unlogged.
import type { Db } from '../../db/open.ts';
import { transaction } from '../../db/transaction.ts';
import type { Reader } from '../store.ts';

type Row = [userId: number | null, username: string, entity: string, entityId: number, what: string];

interface Batch {
  rows: Row[];
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

const batches = new WeakMap<Db, Batch>();

function flush(db: Db, batch: Batch): void {
  batches.delete(db);
  try {
    transaction(
      db,
      () => {
        const insert = db.prepare(
          'INSERT INTO personal_data_reads (user_id, username, entity, entity_id, what) VALUES (?, ?, ?, ?, ?)',
        );
        for (const row of batch.rows) insert.run(...row);
      },
      'DEFERRED',
    ); // the activity database only
    for (const w of batch.waiters) w.resolve();
  } catch (e) {
    for (const w of batch.waiters) w.reject(e);
  }
}

/** Logs one read; resolves once it is committed (with the other reads of this turn). */
export function logPersonalRead(db: Db, user: Reader, entity: string, entityId: number, what: string): Promise<void> {
  let batch = batches.get(db);
  if (!batch) {
    const created: Batch = { rows: [], waiters: [] };
    batches.set(db, created);
    setImmediate(() => flush(db, created));
    batch = created;
  }
  batch.rows.push([user.id, user.username, entity, entityId, what]);
  const { waiters } = batch;
  return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
}
