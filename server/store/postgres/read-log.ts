// GDPR: every read of personal data is logged with who, when and what (the reference: sqlite/read-log.ts and
// export-log.ts). The reads of one turn of the event loop are written by one statement, one commit for all of
// them (a tax map is a burst of tile reads), and each caller awaits its row before answering: nothing personal
// leaves unlogged.
import type { Reader, ReadLog } from '../store.ts';
import type { PgPool } from './open.ts';

interface Batch {
  userIds: (number | null)[];
  usernames: string[];
  entities: string[];
  entityIds: number[];
  whats: string[];
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

const batches = new WeakMap<PgPool, Batch>();

async function flush(pool: PgPool, b: Batch): Promise<void> {
  batches.delete(pool);
  try {
    await pool.query(
      `INSERT INTO personal_data_reads (user_id, username, entity, entity_id, what)
        SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::integer[], $5::text[])`,
      [b.userIds, b.usernames, b.entities, b.entityIds, b.whats],
    );
    for (const w of b.waiters) w.resolve();
  } catch (e) {
    for (const w of b.waiters) w.reject(e);
  }
}

/** Logs one read; resolves once it is committed (with the other reads of this turn). */
function logPersonalRead(pool: PgPool, user: Reader, entity: string, entityId: number, what: string): Promise<void> {
  let batch = batches.get(pool);
  if (!batch) {
    const created: Batch = { userIds: [], usernames: [], entities: [], entityIds: [], whats: [], waiters: [] };
    batches.set(pool, created);
    setImmediate(() => void flush(pool, created));
    batch = created;
  }
  batch.userIds.push(user.id);
  batch.usernames.push(user.username);
  batch.entities.push(entity);
  batch.entityIds.push(entityId);
  batch.whats.push(what);
  const { waiters } = batch;
  return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
}

export function pgReadLog(pool: PgPool): ReadLog {
  return {
    record: (user, entity, entityId, what) => logPersonalRead(pool, user, entity, entityId, what),
    /**
     * Every export is logged; one with personal data is also a personal-data read (through the read log's one
     * writer), whoever made it: a user through the API, or the command line (no user id, its own name).
     */
    async export(e) {
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO export_log (username, comune, layers, crs, area, personal, features)
          VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [e.reader.username, e.comune, e.layers.join(','), e.crs, e.area, e.personal ? 1 : 0, e.features],
      );
      if (e.personal) {
        await logPersonalRead(
          pool,
          e.reader,
          'export',
          rows[0]!.id,
          `esportazione GeoPackage ${e.file}: ${e.personal}`,
        );
      }
    },
  };
}
