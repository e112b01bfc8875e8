import { notOnPostgres } from '../errors/http-error.ts';
import { type EngineRef, sqliteFile } from '../store/engine.ts';

/** The SQLite file the bulk exchange works on; on PostgreSQL a 501 that says what is not there yet (issue 9). */
export function exchangeFile(engine: EngineRef, what: string): string {
  const file = sqliteFile(engine);
  if (file === null) throw notOnPostgres(what);
  return file;
}
