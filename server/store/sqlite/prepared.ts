// Statements prepared once per connection and SQL text: the request paths that every tile or keystroke takes
// (the session's user, the search) would otherwise compile the same SQL each time.
import type { StatementSync } from 'node:sqlite';
import type { Db } from '../../db/open.ts';

const statements = new WeakMap<Db, Map<string, StatementSync>>();

export function prepared(db: Db, sql: string): StatementSync {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
