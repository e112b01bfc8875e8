// `edigit migrate`: moves an installation from the embedded SQLite file to PostgreSQL/PostGIS. Every table is
// streamed with COPY in one transaction (all or nothing), then read back and compared: row counts and a
// SHA-256 per table over the same canonical text on both sides (geometries as WKB), so that a lost row, a
// rounded number or a moved vertex is caught before the target is trusted.
import { createHash, type Hash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Geometry } from '../../domain/geometry/types.ts';
import { encodeWkb } from '../../domain/geometry/wkb.ts';
import type { PgPool } from './open.ts';

/** Tables in foreign-key order; `source` is where SQLite keeps them when it is not the same name. */
/** `rowid`: the SQLite table has no id column, its rowid is PostgreSQL's `id` (FTS5 tables, and one whose rowid
 * the history names). */
const TABLES: { name: string; source?: string; key: string[]; rowid?: true }[] = [
  { name: 'comuni', key: ['code'] },
  { name: 'users', key: ['id'] },
  { name: 'user_comuni', key: ['user_id', 'comune'] },
  { name: 'streets', key: ['id'] },
  { name: 'parcels', key: ['id'] },
  { name: 'buildings', key: ['id'] },
  { name: 'building_parcels', key: ['building_id', 'parcel_id'] },
  { name: 'addresses', key: ['id'] },
  { name: 'units', key: ['id'] },
  { name: 'permits', key: ['id'] },
  { name: 'energy_certificates', key: ['id'] },
  { name: 'subjects', key: ['id'] },
  { name: 'residents', key: ['id'] },
  { name: 'imu_positions', key: ['id'] },
  { name: 'tari_positions', key: ['id'] },
  { name: 'overlays', key: ['id'] },
  { name: 'building_events', key: ['id'] },
  { name: 'history', key: ['id'] },
  { name: 'anomaly_truth', key: ['id'] },
  { name: 'export_log', key: ['id'] },
  { name: 'import_log', key: ['id'] },
  { name: 'imu_delibere', key: ['id'] },
  { name: 'tari_tariffs', key: ['id'] },
  { name: 'building_land_values', key: ['comune', 'zone', 'year'] },
  { name: 'comune_tax_settings', key: ['comune'], rowid: true },
  { name: 'rights', key: ['id'] },
  { name: 'unit_cadastral_history', key: ['id'] },
  { name: 'imu_payments', key: ['id'] },
  { name: 'tari_payments', key: ['id'] },
  { name: 'audit_runs', key: ['id'] },
  { name: 'audit_findings', key: ['id'] },
  { name: 'audit_finding_events', key: ['id'] },
  { name: 'search_index', key: ['id'], rowid: true },
  { name: 'street_search', key: ['id'], rowid: true },
  { name: 'sessions', source: 'activity.sessions', key: ['token_hash'] },
  { name: 'login_throttle', source: 'activity.login_throttle', key: ['key'] },
  { name: 'personal_data_reads', source: 'activity.personal_data_reads', key: ['id'] },
  { name: 'jobs', source: 'activity.jobs', key: ['id'] },
];

export interface TableCopied {
  table: string;
  rows: number;
  /** SHA-256 of the table's canonical text, equal on both sides. */
  sha256: string;
}

export class MigrationRefused extends Error {}

type Value = string | number | bigint | null | Uint8Array;

/** A value as COPY's text format wants it (and as the checksum sees it, on both sides). */
function copyText(v: Value): string {
  if (v === null) return '\\N';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v !== 'string') throw new Error('valore binario inatteso');
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

type Column = { name: string; type: string; geometry: boolean };

async function columnsOf(client: PoolClient, table: string): Promise<Column[]> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `SELECT column_name AS name, udt_name AS type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => ({ ...r, geometry: r.type === 'geometry' }));
}

/** Copies one table; the hash sees each line as COPY does, geometries as plain WKB. */
async function copyTable(
  client: PoolClient,
  db: DatabaseSync,
  t: (typeof TABLES)[number],
  cols: Column[],
): Promise<TableCopied> {
  const select = cols.map((c) => (t.rowid && c.name === 'id' ? 'rowid AS id' : `"${c.name}"`)).join(', ');
  const sql = `SELECT ${select} FROM ${t.source ?? t.name} ORDER BY ${t.key.join(', ')}`;
  const hash = createHash('sha256');
  let rows = 0;
  const stmt = db.prepare(sql);
  stmt.setReturnArrays(true);
  async function* lines() {
    let batch = '';
    for (const row of stmt.iterate() as unknown as Iterable<Value[]>) {
      const wire: string[] = [];
      const seen: string[] = [];
      for (let i = 0; i < cols.length; i++) {
        const v = row[i] ?? null;
        if (cols[i]!.geometry && v !== null) {
          const wkb = hex(encodeWkb(JSON.parse(v as string) as Geometry));
          wire.push(`SRID=4326;${wkb}`);
          seen.push(wkb);
        } else {
          const text = copyText(v);
          wire.push(text);
          seen.push(text);
        }
      }
      hash.update(`${seen.join('\t')}\n`);
      batch += `${wire.join('\t')}\n`;
      rows++;
      if (batch.length > 1 << 20) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  const names = cols.map((c) => `"${c.name}"`).join(', ');
  await pipeline(lines, client.query(copyFrom(`COPY ${t.name} (${names}) FROM STDIN`)));
  return { table: t.name, rows, sha256: hash.digest('hex') };
}

/** Reads a table back from PostgreSQL into the same canonical text. */
async function checksumTarget(
  client: PoolClient,
  t: (typeof TABLES)[number],
  cols: Column[],
): Promise<{ rows: number; sha256: string }> {
  const select = cols
    .map((c) => (c.geometry ? `encode(ST_AsBinary("${c.name}", 'NDR'), 'hex')` : `"${c.name}"`))
    .join(', ');
  const hash: Hash = createHash('sha256');
  let rows = 0;
  // A cursor keeps memory flat at a million rows.
  // SQLite orders text by its bytes: so does the C collation, whatever the database's locale.
  const order = t.key.map((k) => (cols.find((c) => c.name === k)?.type === 'text' ? `${k} COLLATE "C"` : k));
  await client.query(
    `DECLARE verify NO SCROLL CURSOR FOR SELECT ${select} FROM ${t.name} ORDER BY ${order.join(', ')}`,
  );
  for (;;) {
    const { rows: page } = await client.query<Value[]>({ text: 'FETCH 20000 FROM verify', rowMode: 'array' });
    if (page.length === 0) break;
    for (const row of page) hash.update(`${row.map(copyText).join('\t')}\n`);
    rows += page.length;
  }
  await client.query('CLOSE verify');
  return { rows, sha256: hash.digest('hex') };
}

/**
 * Copies every table of the SQLite installation `db` (with its activity database attached) into the
 * PostgreSQL database behind `pool` (already migrated), then verifies it. Refuses a target that holds any row.
 */
export async function copyInstallation(
  db: DatabaseSync,
  pool: PgPool,
  onTable: (t: TableCopied) => void = () => {},
): Promise<TableCopied[]> {
  const client = await pool.connect();
  const copied: TableCopied[] = [];
  try {
    await client.query('BEGIN');
    const occupied: string[] = [];
    for (const t of [...TABLES, { name: 'tile_changes' }]) {
      const { rowCount } = await client.query(`SELECT 1 FROM ${t.name} LIMIT 1`);
      if (rowCount) occupied.push(t.name);
    }
    if (occupied.length)
      throw new MigrationRefused(
        `il database di destinazione non è vuoto (${occupied.join(', ')}): non viene sovrascritto`,
      );
    // The map's change feed and the append-only guards are for live edits, not for a bulk move.
    for (const t of TABLES) await client.query(`ALTER TABLE ${t.name} DISABLE TRIGGER USER`);
    for (const t of TABLES) {
      const cols = await columnsOf(client, t.name);
      const done = await copyTable(client, db, t, cols);
      const back = await checksumTarget(client, t, cols);
      if (back.rows !== done.rows || back.sha256 !== done.sha256)
        throw new Error(
          `verifica di ${t.name} fallita: ${done.rows} righe lette, ${back.rows} scritte, ` +
            `impronte ${done.sha256.slice(0, 12)} e ${back.sha256.slice(0, 12)}`,
        );
      if (cols.find((c) => c.name === 'id')?.type === 'int4')
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${t.name}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${t.name}`,
        );
      copied.push(done);
      onTable(done);
    }
    for (const t of TABLES) await client.query(`ALTER TABLE ${t.name} ENABLE TRIGGER USER`);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined); // the error that matters is the first one
    client.release();
    throw e;
  }
  try {
    // Fresh statistics for the planner; the copy is committed whether or not this succeeds.
    await client.query('ANALYZE');
  } catch (e) {
    console.warn(`[edigit] ANALYZE dopo la migrazione non riuscito: ${(e as Error).message}`);
  } finally {
    client.release();
  }
  return copied;
}
