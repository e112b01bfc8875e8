// Where the map's data changed, for this app server's tile cache (the reference: sqlite/tile-changes.ts). The
// triggers of migration 017 write tile_changes and NOTIFY 'edigit_tile_changes'; one dedicated connection
// LISTENs, reads the new rows when told, and keeps the latest in memory, so that the cache's synchronous
// questions are answered without a query.
//
// The feed numbers the changes itself, in the order this server learnt of them. PostgreSQL hands out seq when
// a row is written, not when it is committed: a long transaction (an import) may commit seq 10 after another
// committed seq 11. A reader that went on from 11 would never see 10; renumbered, 10 comes after 11, and the
// cache drops its tiles. A seq found missing is asked for again until every transaction that could still hold it
// has ended (rolled back, or its row has arrived).
import pg from 'pg';
import type { TileChange, TileChangeFeed } from '../tile-changes.ts';
import type { PgPool } from './open.ts';

/** Changes kept in memory, as many as the table keeps (its prune trigger). */
const KEEP = 10_000;
const RECONNECT_MS = 1000;
/** How the listening connection shows in pg_stat_activity. */
export const APPLICATION_NAME = 'edigit tile changes';

type Row = { seq: number; source: string; minx: number | null; miny: number; maxx: number; maxy: number };

export type PgTileChangeFeed = TileChangeFeed & { close(): Promise<void> };

export async function pgTileChangeFeed(pool: PgPool): Promise<PgTileChangeFeed> {
  let version = 0;
  /** The feed's own number of the latest change. */
  let local = 0;
  const changes: TileChange[] = [];
  /** The highest tile_changes.seq read. */
  let dbLast = 0;
  /**
   * Seqs below dbLast not read yet, each with the xmax of a snapshot taken after it was found missing (null until
   * the next look): once the oldest running transaction is past it, none that could write that seq is left.
   */
  const gaps = new Map<number, number | null>();
  // Typed by cast: it is set in the callbacks below, where the compiler does not follow assignments.
  let client = null as pg.Client | null;
  let closed = false;
  let reading: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;

  const snapshot = async (c: pg.Client) => {
    const { rows } = await c.query<{ xmin: string; xmax: string }>(
      'SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax FROM pg_current_snapshot() s',
    );
    return { xmin: Number(rows[0]!.xmin), xmax: Number(rows[0]!.xmax) };
  };

  /** Reads what was committed since the last look (and the missing seqs that have turned up). */
  const look = async (c: pg.Client) => {
    const { xmin, xmax } = await snapshot(c);
    for (const [seq, bound] of gaps) if (bound === null) gaps.set(seq, xmax);
    // Taken before the read below: that read is the last chance of the seqs whose writers have all ended.
    const settled = [...gaps].filter(([, bound]) => bound !== null && xmin >= bound).map(([seq]) => seq);
    const { rows } = await c.query<Row>(
      `SELECT seq, source, minx, miny, maxx, maxy FROM tile_changes
        WHERE seq > $1 OR seq = ANY($2::integer[]) ORDER BY seq`,
      [dbLast, [...gaps.keys()]],
    );
    for (const seq of settled) gaps.delete(seq);
    for (const { seq, source, ...box } of rows) {
      if (seq > dbLast) {
        // Pruned before this server read them: a hole in the feed's numbering makes the cache drop every tile.
        if (seq - dbLast - 1 > KEEP) local++;
        else for (let s = dbLast + 1; s < seq; s++) gaps.set(s, null);
        dbLast = seq;
      } else gaps.delete(seq);
      changes.push({ seq: ++local, source, box: box.minx === null ? null : (box as TileChange['box']) });
    }
    if (changes.length > KEEP) changes.splice(0, changes.length - KEEP);
    // Only now: a reader that sees the version move finds the changes already there.
    if (rows.length > 0) version++;
  };

  /** One look at a time; notifications during a look ask for one more. */
  const catchUp = () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    reading = (async () => {
      try {
        do {
          again = false;
          if (client) await look(client);
        } while (again && !closed);
      } catch (e) {
        if (!closed) console.error('[edigit] lettura di tile_changes non riuscita:', e);
      } finally {
        busy = false;
      }
    })();
  };

  let retry: NodeJS.Timeout | null = null;
  const retryLater = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      reconnect();
    }, RECONNECT_MS);
    retry.unref();
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ ...pool.options, application_name: APPLICATION_NAME });
    // The connection's failure ends it ('end' below reconnects); without a listener it would end the process.
    c.on('error', (e) => console.error('[edigit] connessione LISTEN edigit_tile_changes:', e.message));
    c.on('notification', catchUp);
    c.on('end', () => {
      if (client === c) client = null;
      retryLater();
    });
    await c.connect();
    try {
      await c.query('LISTEN edigit_tile_changes');
    } catch (e) {
      await c.end().catch(() => undefined);
      throw e;
    }
    // Closed while this reconnection was on its way: the new connection would keep the process alive.
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
  };
  // What was committed while the connection was down is in the table: one look after LISTEN finds it.
  const reconnect = () => {
    if (closed) return;
    connect().then(catchUp, (e: Error) => {
      console.error('[edigit] riconnessione LISTEN edigit_tile_changes non riuscita:', e.message);
      retryLater();
    });
  };

  // Notifications that arrive before the start below is known wait for it (busy), then get their look.
  busy = true;
  try {
    await connect();
    // Where the feed starts: after the last row, with the recent seqs that are missing as gaps (transactions
    // still open now may commit them later).
    const { rows } = await client!.query<{ seq: number }>(
      'SELECT seq FROM tile_changes WHERE seq > (SELECT max(seq) FROM tile_changes) - $1 ORDER BY seq',
      [KEEP],
    );
    for (const { seq } of rows) {
      if (dbLast > 0) for (let s = dbLast + 1; s < seq; s++) gaps.set(s, null);
      dbLast = seq;
    }
  } catch (e) {
    closed = true;
    await client?.end().catch(() => undefined);
    throw e;
  } finally {
    busy = false;
  }
  if (again) catchUp();

  return {
    version: () => version,
    last: () => local,
    since(seq) {
      const first = changes[0]?.seq ?? local + 1;
      return changes.slice(Math.max(0, seq - first + 1));
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await reading;
      await client?.end().catch(() => undefined); // a connection already broken has nothing left to end
    },
  };
}
