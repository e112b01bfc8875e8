// The one writer of the append-only history: every write path (edits, imports, tax data, rates,
// findings) calls it inside the transaction of its change, so a change and its record land together.
import type { DatabaseSync } from 'node:sqlite';
import { type Change, historyValues } from '../shared/history-change.ts';

export function recordChange(db: DatabaseSync, change: Change): void {
  db.prepare('INSERT INTO history (entity, entity_id, user_id, username, before, after) VALUES (?, ?, ?, ?, ?, ?)').run(
    ...historyValues(change),
  );
}
