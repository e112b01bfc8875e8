// The one writer of the append-only history on PostgreSQL (twin of store/sqlite/record-change.ts): every write
// path calls it with the client of its transaction, so a change and its record land together.
import type { PoolClient } from 'pg';
import { type Change, historyValues } from '../shared/history-change.ts';

export async function recordChange(c: PoolClient, change: Change): Promise<void> {
  await c.query(
    'INSERT INTO history (entity, entity_id, user_id, username, before, after) VALUES ($1, $2, $3, $4, $5, $6)',
    historyValues(change),
  );
}
