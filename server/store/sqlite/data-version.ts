// Whether another connection has committed, asked at most once per turn of the event loop: PRAGMA data_version
// opens a read transaction on the WAL (7 µs, a tenth of a warm tile), and the tiles and sessions served in one
// turn, arrived together, may as well share one answer. A commit that lands during the turn is seen by the next.
import type { Db } from '../../db/open.ts';
import { prepared } from './prepared.ts';

type Schema = 'main' | 'activity';

const thisTurn = new WeakMap<Db, Partial<Record<Schema, number>>>();

/** SQLite's data_version of `schema` (the register, or the attached activity database) on this connection. */
export function dataVersion(db: Db, schema: Schema): number {
  let turn = thisTurn.get(db);
  if (!turn) {
    thisTurn.set(db, (turn = {}));
    setImmediate(() => thisTurn.delete(db));
  }
  return (turn[schema] ??= (
    prepared(db, `PRAGMA ${schema}.data_version`).get() as { data_version: number }
  ).data_version);
}
