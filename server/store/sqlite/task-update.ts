import type { DatabaseSync, SQLInputValue } from 'node:sqlite';

/**
 * Updates the row of a background task (an import or export job, an audit run): the fields given (undefined ones
 * stay as they are), and the end time when its status says it ended. Column names come from the callers' code.
 */
export function updateTask(
  db: DatabaseSync,
  table: 'jobs' | 'audit_runs',
  id: string | number,
  fields: Record<string, SQLInputValue | undefined>,
): void {
  const sets: string[] = [];
  const values: SQLInputValue[] = [];
  for (const [column, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(value);
  }
  if (fields.status === 'done' || fields.status === 'failed') {
    sets.push("finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
  }
  if (sets.length) db.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
}
