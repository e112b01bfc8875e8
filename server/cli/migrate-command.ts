// `edigit migrate --from data/edigit.db --to postgres://…`: moves an installation to PostgreSQL/PostGIS.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../db/open.ts';
import { isPostgresUrl } from '../store/engine.ts';
import { copyInstallation, MigrationRefused } from '../store/postgres/from-sqlite.ts';
import { openPostgres } from '../store/postgres/open.ts';

export const MIGRATE_HELP = `Uso: edigit migrate --from FILE.db --to postgres://utente@host:porta/database

Sposta un'installazione dal file SQLite a PostgreSQL/PostGIS: crea lo schema, copia ogni tabella in una sola
transazione (tutto o niente) e verifica righe e impronta SHA-256 di ciascuna tabella. Il database di
destinazione deve essere vuoto: non viene mai sovrascritto. Il file SQLite resta com'è, salvo portarlo
all'ultima migrazione se è più vecchio (come fa ogni comando).
  --from FILE.db       registro SQLite (con il suo file di attività accanto)
  --to URL             database PostgreSQL con PostGIS (l'estensione deve essere installabile)`;

/** A refusal the user can act on (exit code 2), as opposed to a failure. */
export class MigrateUsageError extends Error {}

export async function migrateCommand(from: string, to: string, log: (line: string) => void): Promise<void> {
  const path = resolve(from);
  if (!existsSync(path)) throw new MigrateUsageError(`--from: ${path} non esiste`);
  if (!isPostgresUrl(to)) throw new MigrateUsageError('--to: atteso un indirizzo postgres://…');
  const db = openDatabase(path);
  const pool = await openPostgres(to, { max: 1 });
  const t0 = performance.now();
  try {
    const tables = await copyInstallation(db, pool, (t) =>
      log(`  ${t.table.padEnd(24)} ${String(t.rows).padStart(9)} righe  sha256 ${t.sha256.slice(0, 16)}`),
    );
    const rows = tables.reduce((s, t) => s + t.rows, 0);
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    log(`migrazione completata: ${tables.length} tabelle, ${rows} righe verificate in ${secs} s`);
  } catch (e) {
    if (e instanceof MigrationRefused) throw new MigrateUsageError(e.message);
    throw e;
  } finally {
    db.close();
    await pool.end();
  }
}
