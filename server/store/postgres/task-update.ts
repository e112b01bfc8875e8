import type { Queryable } from './sql-helpers.ts';

/**
 * Updates the row of a background task (an import or export job, an audit run) as sqlite/task-update.ts does:
 * the fields given (undefined ones stay as they are), and the end time when its status says it ended. Column
 * names come from the callers' code.
 */
export async function updateTask(
  q: Queryable,
  table: 'jobs' | 'audit_runs',
  id: string | number,
  fields: Record<string, string | number | null | undefined>,
): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  if (fields.status === 'done' || fields.status === 'failed') sets.push('finished_at = edigit_now()');
  if (sets.length)
    await q.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = $${values.length + 1}`, [...values, id]);
}
